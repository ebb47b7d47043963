// AWS IAM (awsQuery), just enough for the fixture to create the seed's roles and for the
// actions to verify that a task definition's roles exist. IAM is global: roles ignore the region.
import type { Sandbox } from '../sandbox.js'
import { AwsError, type ServiceDefinition } from '../types.js'
import { optionalInteger, optionalString, randomToken, requiredString } from './edge-util.js'

interface Role {
  Path: string
  RoleName: string
  RoleId: string
  Arn: string
  CreateDate: string
  AssumeRolePolicyDocument: string
  Description?: string
  MaxSessionDuration: number
  Tags: { Key: string; Value: string }[]
  attached: Map<string, string>
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/

/** Query-protocol lists arrive either decoded (an array) or flat (`Tags.member.1.Key`). */
function readTags(input: Record<string, unknown>): { Key: string; Value: string }[] {
  const decoded = input['Tags']
  if (Array.isArray(decoded)) return decoded as { Key: string; Value: string }[]
  if (
    decoded &&
    typeof decoded === 'object' &&
    Array.isArray((decoded as { member?: unknown }).member)
  ) {
    return (decoded as { member: { Key: string; Value: string }[] }).member
  }
  const tags: { Key: string; Value: string }[] = []
  for (let i = 1; typeof input[`Tags.member.${i}.Key`] === 'string'; i++) {
    tags.push({
      Key: input[`Tags.member.${i}.Key`] as string,
      Value: String(input[`Tags.member.${i}.Value`] ?? '')
    })
  }
  return tags
}

const roleStores = new WeakMap<Sandbox, Map<string, Role>>()
const keyOf = (accountId: string, name: string) => `${accountId}/${name.toLowerCase()}`

function rolesOf(sandbox: Sandbox): Map<string, Role> {
  let roles = roleStores.get(sandbox)
  if (!roles) {
    roles = new Map()
    roleStores.set(sandbox, roles)
  }
  return roles
}

/** Whether the account has the role a role ARN (any path) or a bare role name designates. */
export function roleExists(sandbox: Sandbox, accountId: string, reference: string): boolean {
  const arn = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(reference)
  if (arn) return rolesOf(sandbox).has(keyOf(arn[1] ?? '', arn[2] ?? ''))
  return rolesOf(sandbox).has(keyOf(accountId, reference))
}

function noSuchRole(name: string): AwsError {
  return new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404)
}

export function createIamService(sandbox: Sandbox): ServiceDefinition {
  const roles = rolesOf(sandbox)

  // IAM returns the trust policy URL-encoded, as the API reference shows.
  const view = (role: Role) => ({
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: role.CreateDate,
    AssumeRolePolicyDocument: encodeURIComponent(role.AssumeRolePolicyDocument),
    ...(role.Description !== undefined ? { Description: role.Description } : {}),
    MaxSessionDuration: role.MaxSessionDuration,
    ...(role.Tags.length > 0 ? { Tags: role.Tags } : {}),
    RoleLastUsed: {}
  })

  function find(accountId: string, name: string): Role {
    const role = roles.get(keyOf(accountId, name))
    if (!role) throw noSuchRole(name)
    return role
  }

  return {
    signingName: 'iam',
    protocol: 'query',
    xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
    operations: {
      CreateRole: (input, ctx) => {
        const name = requiredString(input, 'RoleName', 'ValidationError')
        if (!ROLE_NAME.test(name)) {
          throw new AwsError(
            'ValidationError',
            `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`
          )
        }
        if (roles.has(keyOf(ctx.accountId, name))) {
          throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409)
        }
        const document = requiredString(input, 'AssumeRolePolicyDocument', 'ValidationError')
        try {
          JSON.parse(document)
        } catch {
          throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json')
        }
        const path = optionalString(input, 'Path') ?? '/'
        const role: Role = {
          Path: path,
          RoleName: name,
          RoleId: 'AROA' + randomToken(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
          Arn: `arn:aws:iam::${ctx.accountId}:role${path}${name}`,
          CreateDate: sandbox
            .now()
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
          AssumeRolePolicyDocument: document,
          Description: optionalString(input, 'Description'),
          MaxSessionDuration: optionalInteger(input, 'MaxSessionDuration') ?? 3600,
          Tags: readTags(input),
          attached: new Map()
        }
        roles.set(keyOf(ctx.accountId, name), role)
        return { Role: view(role) }
      },

      GetRole: (input, ctx) => ({
        Role: view(find(ctx.accountId, requiredString(input, 'RoleName', 'ValidationError')))
      }),

      DeleteRole: (input, ctx) => {
        const role = find(ctx.accountId, requiredString(input, 'RoleName', 'ValidationError'))
        if (role.attached.size > 0) {
          throw new AwsError(
            'DeleteConflict',
            'Cannot delete entity, must detach all policies first.',
            409
          )
        }
        roles.delete(keyOf(ctx.accountId, role.RoleName))
        return {}
      },

      AttachRolePolicy: (input, ctx) => {
        const role = find(ctx.accountId, requiredString(input, 'RoleName', 'ValidationError'))
        const arn = requiredString(input, 'PolicyArn', 'ValidationError')
        if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\//.test(arn)) {
          throw new AwsError('InvalidInput', `ARN ${arn} is not valid.`)
        }
        role.attached.set(arn, arn.slice(arn.lastIndexOf('/') + 1))
        return {}
      },

      ListAttachedRolePolicies: (input, ctx) => {
        const role = find(ctx.accountId, requiredString(input, 'RoleName', 'ValidationError'))
        return {
          AttachedPolicies: [...role.attached].map(([PolicyArn, PolicyName]) => ({
            PolicyName,
            PolicyArn
          })),
          IsTruncated: false
        }
      }
    }
  }
}
