// Reading the ECS service target out of a CodeDeploy AppSpec (YAML or JSON content).

import { parse as parseYaml } from 'yaml'
import type { Json } from '../sim/codedeploy-model.js'
import { AwsError } from '../types.js'

export interface AppSpecTarget {
  TaskDefinition?: string
  LoadBalancerInfo?: { ContainerName?: string; ContainerPort?: number }
}

export interface AppSpecHook {
  event: string
  functionName: string
}

/** The Hooks section: a list of one-entry mappings, lifecycle event → Lambda function. */
export function appSpecHooks(revision: Json | undefined): AppSpecHook[] {
  const content =
    ((revision?.appSpecContent as Json | undefined)?.content as string | undefined) ?? ''
  const spec = parseYaml(content) as Json | undefined
  const key = Object.keys(spec ?? {}).find((k) => k.toLowerCase() === 'hooks')
  const hooks = key === undefined ? [] : spec?.[key]
  if (!Array.isArray(hooks)) return []
  return hooks.flatMap((hook) =>
    hook !== null && typeof hook === 'object'
      ? Object.entries(hook as Json).map(([event, target]) => ({
          event,
          functionName: String(target)
        }))
      : []
  )
}

export function appSpecTarget(revision: Json | undefined): AppSpecTarget {
  const content =
    ((revision?.appSpecContent as Json | undefined)?.content as string | undefined) ?? ''
  let spec: unknown
  try {
    spec = parseYaml(content)
  } catch {
    throw new AwsError('InvalidRevisionException', 'The AppSpec file is not valid YAML or JSON.')
  }
  const resources = ((spec as Json | undefined)?.Resources as Json[] | undefined) ?? []
  const service = resources
    .flatMap((resource) => Object.values(resource) as Json[])
    .find((entry) => entry?.Type === 'AWS::ECS::Service')
  const properties = service?.Properties as AppSpecTarget | undefined
  if (!properties?.TaskDefinition) {
    throw new AwsError(
      'InvalidRevisionException',
      'The AppSpec file must specify a TaskDefinition for the AWS::ECS::Service resource.'
    )
  }
  return properties
}
