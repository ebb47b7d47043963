// AWS Systems Manager Parameter Store (awsJson1_1): container secrets may name SSM parameters,
// so the actions can check that they exist.
import type { Sandbox } from '../sandbox.js'
import { AwsError, type RequestContext, type ServiceDefinition } from '../types.js'
import { epochSeconds, optionalArray, optionalString, requiredString } from './edge-util.js'

interface Parameter {
  Name: string
  Type: string
  Value: string
  Version: number
  LastModifiedDate: Date
  ARN: string
  DataType: string
  Description?: string
}

const TYPES = ['String', 'StringList', 'SecureString']

export function createSsmService(sandbox: Sandbox): ServiceDefinition {
  const parameters = new Map<string, Parameter>()
  const scope = (ctx: RequestContext) => `${ctx.accountId}/${ctx.region}/`

  /**
   * Name may be given as the parameter's ARN; `arn:…:parameter/a/b` names "/a/b", and
   * `arn:…:parameter/x` names "x" (or "/x" for a parameter created with a leading slash).
   */
  function lookup(ctx: RequestContext, value: string): { name: string; found?: Parameter } {
    const match = value.match(/^arn:aws[a-z-]*:ssm:[^:]*:\d{12}:parameter\/(.*)$/)
    const candidates = match?.[1] !== undefined ? [match[1], `/${match[1]}`] : [value]
    for (const name of candidates) {
      const found = parameters.get(scope(ctx) + name)
      if (found) return { name, found }
    }
    return { name: candidates[0] as string }
  }

  const view = (parameter: Parameter) => ({
    Name: parameter.Name,
    Type: parameter.Type,
    Value: parameter.Value,
    Version: parameter.Version,
    LastModifiedDate: epochSeconds(parameter.LastModifiedDate),
    ARN: parameter.ARN,
    DataType: parameter.DataType
  })

  return {
    signingName: 'ssm',
    protocol: 'json',
    targetPrefix: 'AmazonSSM',
    operations: {
      PutParameter: (input, ctx) => {
        const name = requiredString(input, 'Name', 'ValidationException')
        const value = requiredString(input, 'Value', 'ValidationException')
        const existing = parameters.get(scope(ctx) + name)
        if (existing && input['Overwrite'] !== true) {
          throw new AwsError(
            'ParameterAlreadyExists',
            'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.'
          )
        }
        const type = optionalString(input, 'Type') ?? existing?.Type ?? 'String'
        if (!TYPES.includes(type)) {
          throw new AwsError(
            'ValidationException',
            `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [${TYPES.join(', ')}]`
          )
        }
        const parameter: Parameter = {
          Name: name,
          Type: type,
          Value: value,
          Version: (existing?.Version ?? 0) + 1,
          LastModifiedDate: sandbox.now(),
          ARN: `arn:aws:ssm:${ctx.region}:${ctx.accountId}:parameter/${name.replace(/^\//, '')}`,
          DataType: optionalString(input, 'DataType') ?? 'text',
          Description: optionalString(input, 'Description')
        }
        parameters.set(scope(ctx) + name, parameter)
        return { Version: parameter.Version, Tier: 'Standard' }
      },

      GetParameter: (input, ctx) => {
        const { name, found } = lookup(ctx, requiredString(input, 'Name', 'ValidationException'))
        if (!found) throw new AwsError('ParameterNotFound', `Parameter ${name} not found.`)
        return { Parameter: view(found) }
      },

      GetParameters: (input, ctx) => {
        const names = (optionalArray(input, 'Names') ?? []).map(String)
        const results = names.map((name) => ({ asked: name, ...lookup(ctx, name) }))
        return {
          Parameters: results.flatMap((r) => (r.found ? [view(r.found)] : [])),
          InvalidParameters: results.filter((r) => !r.found).map((r) => r.asked)
        }
      }
    }
  }
}
