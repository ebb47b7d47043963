import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { InputError, UserError } from '../shared/errors.js'
import { readInputFile } from '../shared/input-files.js'
import { workspacePath, type PathRoots } from '../shared/workspace.js'

// The AppSpec sent to CodeDeploy for an ECS blue/green deployment. A workflow may keep its own
// file (the `codedeploy-appspec` input, aws-actions' default appspec.yaml): its Hooks, its
// LoadBalancerInfo and the rest are kept, and the TaskDefinition is always the revision this run
// deploys. Without a file, the AppSpec is built from what the service already routes.
// Format: https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html
// and ...-structure-hooks.html (ECS deployments), read 2026-12.

export const APPSPEC_INPUT = 'codedeploy-appspec'
/** aws-actions/amazon-ecs-deploy-task-definition reads this file when the input is not given. */
export const DEFAULT_APPSPEC_FILE = 'appspec.yaml'

/** The lifecycle events an ECS deployment runs hooks for, in the order CodeDeploy runs them. */
export const ECS_HOOK_EVENTS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic'
] as const

// An AppSpec is a few KiB; the cap only keeps a wrong path from being read whole.
const APPSPEC_READ_LIMIT = 256 * 1024

export interface AppSpecFile {
  /** The path as the workflow gave it, for messages. */
  source: string
  document: Record<string, unknown>
}

export interface AppSpecHook {
  event: (typeof ECS_HOOK_EVENTS)[number]
  functionName: string
}

export interface BuiltAppSpec {
  content: string
  sha256: string
  hooks: AppSpecHook[]
  /** Where the AppSpec came from: the file's path, or "the service's load balancer". */
  source: string
}

type Json = Record<string, unknown>

export const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** AppSpec keys are matched without regard to case, as aws-actions and CodeDeploy do. */
function keyOf(object: Json, name: string): string | undefined {
  return Object.keys(object).find((key) => key.toLowerCase() === name.toLowerCase())
}

/**
 * The AppSpec file to use: the one the input names (it must exist), or, when the input is not
 * given, appspec.yaml in the workspace if there is one. undefined: build it from the service.
 */
export async function loadAppSpec(
  value: string | undefined,
  roots?: PathRoots
): Promise<AppSpecFile | undefined> {
  const path = value ?? DEFAULT_APPSPEC_FILE
  // aws-actions fails when its default file is missing; here the service's own routing serves.
  if (value === undefined && !existsSync(workspacePath(path, roots))) return undefined
  const { text } = await readInputFile(APPSPEC_INPUT, path, {
    maxBytes: APPSPEC_READ_LIMIT,
    what: 'AppSpec file',
    ...(roots !== undefined && { roots })
  })
  // The YAML parser loads only for a blue/green deploy that has an AppSpec file.
  const { parseAppSpec } = await import('./appspec-file.js')
  return parseAppSpec(text, path)
}

/**
 * The AppSpec to send: the file's (or an empty one) with the ECS service resource's
 * TaskDefinition set to our revision, LoadBalancerInfo and PlatformVersion filled from the
 * service when the file leaves them out, and its Hooks checked.
 */
export function buildAppSpec(
  file: AppSpecFile | undefined,
  service: Service,
  taskDefinition: TaskDefinition
): BuiltAppSpec {
  const where = file === undefined ? '' : `"${file.source}": `
  const fail = (path: string, problem: string): never => {
    if (file === undefined) throw new UserError(problem)
    throw new InputError(APPSPEC_INPUT, `${where}${path}: ${problem}`)
  }
  const document: Json = structuredClone(file?.document ?? {})
  const versionKey = keyOf(document, 'version') ?? 'version'
  if (document[versionKey] === undefined) document[versionKey] = '0.0'
  else if (String(document[versionKey]) !== '0.0' && String(document[versionKey]) !== '0')
    fail(versionKey, "must be 0.0, CodeDeploy's only AppSpec version.")
  if (typeof document[versionKey] === 'number') document[versionKey] = '0.0'

  const resourcesKey = keyOf(document, 'Resources') ?? 'Resources'
  if (document[resourcesKey] === undefined)
    document[resourcesKey] = [{ TargetService: { Type: 'AWS::ECS::Service', Properties: {} } }]
  const resources = document[resourcesKey]
  if (!Array.isArray(resources) || resources.length === 0)
    return fail(resourcesKey, 'must be a list with one AWS::ECS::Service resource.')
  let targets = 0
  resources.forEach((resource: unknown, index) => {
    const path = `${resourcesKey}[${index}]`
    if (!isObject(resource)) return fail(path, 'must be a mapping of a name to a resource.')
    for (const [name, body] of Object.entries(resource)) {
      if (!isObject(body)) return fail(`${path}.${name}`, 'must have Type and Properties.')
      const typeKey = keyOf(body, 'Type') ?? 'Type'
      body[typeKey] ??= 'AWS::ECS::Service'
      if (body[typeKey] !== 'AWS::ECS::Service') continue
      targets += 1
      const propertiesKey = keyOf(body, 'Properties') ?? 'Properties'
      body[propertiesKey] ??= {}
      const properties = body[propertiesKey]
      if (!isObject(properties))
        return fail(`${path}.${name}.${propertiesKey}`, 'must be a mapping.')
      fillProperties(properties, service, taskDefinition, (p, problem) =>
        fail(`${path}.${name}.${propertiesKey}.${p}`, problem)
      )
    }
  })
  if (targets !== 1)
    fail(
      resourcesKey,
      `must hold exactly one resource of Type AWS::ECS::Service (found ${targets}).`
    )

  const hooks = checkHooks(document, fail)
  const content = JSON.stringify(document)
  return {
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    hooks,
    source: file?.source ?? "the service's load balancer"
  }
}

function fillProperties(
  properties: Json,
  service: Service,
  taskDefinition: TaskDefinition,
  fail: (path: string, problem: string) => never
): void {
  const arn = taskDefinition.taskDefinitionArn ?? ''
  properties[keyOf(properties, 'TaskDefinition') ?? 'TaskDefinition'] = arn
  const infoKey = keyOf(properties, 'LoadBalancerInfo') ?? 'LoadBalancerInfo'
  const containers = (taskDefinition.containerDefinitions ?? []).flatMap((c) =>
    c.name ? [c.name] : []
  )
  if (properties[infoKey] === undefined) {
    const balancer = service.loadBalancers?.find(
      (lb) => lb.containerName && lb.containerPort !== undefined
    )
    if (balancer === undefined) {
      fail(
        infoKey,
        `service "${service.serviceName ?? '?'}" has no load balancer with a container name and port, and the AppSpec names none: CodeDeploy blue/green needs one.`
      )
    }
    properties[infoKey] = {
      ContainerName: balancer?.containerName,
      ContainerPort: balancer?.containerPort
    }
  } else {
    const info = properties[infoKey]
    if (!isObject(info)) return fail(infoKey, 'must have ContainerName and ContainerPort.')
    const nameKey = keyOf(info, 'ContainerName') ?? 'ContainerName'
    const portKey = keyOf(info, 'ContainerPort') ?? 'ContainerPort'
    const name = info[nameKey]
    if (typeof name !== 'string' || !containers.includes(name))
      fail(
        `${infoKey}.${nameKey}`,
        `is not a container of ${taskDefinition.family ?? 'the task definition'} (it has: ${containers.join(', ')}).`
      )
    const port = Number(info[portKey])
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      fail(`${infoKey}.${portKey}`, 'is not a port number (1 to 65535).')
    info[portKey] = port
  }
  const platformKey = keyOf(properties, 'PlatformVersion') ?? 'PlatformVersion'
  if (properties[platformKey] === undefined && service.platformVersion !== undefined)
    properties[platformKey] = service.platformVersion
}

/** Hooks: a list of one-entry mappings, lifecycle event → Lambda function name or ARN. */
export function checkHooks(
  document: Json,
  fail: (path: string, problem: string) => never
): AppSpecHook[] {
  const hooksKey = keyOf(document, 'Hooks')
  if (hooksKey === undefined || document[hooksKey] === null) return []
  const hooks = document[hooksKey]
  if (!Array.isArray(hooks))
    return fail(hooksKey, 'must be a list of "- <event>: <Lambda function>" entries.')
  const seen = new Set<string>()
  return hooks.flatMap((hook: unknown, index) => {
    const path = `${hooksKey}[${index}]`
    if (!isObject(hook) || Object.keys(hook).length !== 1)
      return fail(path, 'must be one "<event>: <Lambda function>" entry.')
    const [[name, target]] = Object.entries(hook) as [[string, unknown]]
    const event = ECS_HOOK_EVENTS.find((e) => e.toLowerCase() === name.toLowerCase())
    if (event === undefined)
      // Only the position is shown: nothing read from the file appears in an error.
      return fail(
        path,
        `its event is not an ECS lifecycle event; use one of ${ECS_HOOK_EVENTS.join(', ')}.`
      )
    if (seen.has(event)) return fail(`${path}.${event}`, `${event} is given twice.`)
    seen.add(event)
    if (typeof target !== 'string' || target.trim() === '')
      return fail(`${path}.${event}`, 'must name a Lambda function (its name or ARN).')
    return [{ event, functionName: target }]
  })
}
