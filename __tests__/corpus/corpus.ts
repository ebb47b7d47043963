// The bad-input corpus: cases that each action must refuse with exit 1 and a message naming the
// input (or the JSON path) at fault, while no planted canary reaches any place a user or the
// GitHub API sees. Cases live in <action>.cases.ts; corpus.e2e.test.ts runs them all against one
// emulator and one GitHub stand-in, two bundles at a time.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { InputValue, RunBundleResult } from '../../sandbox/runner/run-action.js'

/** Values planted where a careless message or report could copy them from. */
export const CANARY = {
  /** A credential given as a secret input (or the AWS secret key when the action has none). */
  secret: 'canarySecret-5b9f7e2a41c6d8',
  /** An environment value in every task definition the cases write. */
  environment: 'canaryEnvValue-3d1c9a7e55f2',
  /**
   * The first line of a file outside the workspace. Short, and first in the file: a JSON parse
   * error quotes the first 10 characters of the text it could not parse.
   */
  outsideLine: 'xQ7cnry9Zk'
} as const

export interface CorpusCase {
  name: string
  /** `with:` of the step, merged over the action's base inputs; `$OUTSIDE` is the outside file. */
  inputs: Record<string, InputValue>
  /** Files written into the workspace before the run, merged over the base files. */
  files?: Record<string, string | object>
  /** What the ::error:: message must contain: `input('name')` or a JSON path. */
  names: string
  /** What the message must say about the fix, when the case is about a message's wording. */
  says?: RegExp
}

export interface ActionCorpus {
  action: 'build-push-ecr' | 'render-taskdef' | 'deploy-ecs' | 'estimate-cost'
  baseInputs: Record<string, InputValue>
  baseFiles: Record<string, string | object>
  cases: CorpusCase[]
}

/** How a message names an input (InputError's prefix). */
export function input(name: string): string {
  return `Input "${name}"`
}

type Definition = Record<string, unknown> & { containerDefinitions: Record<string, unknown>[] }

/**
 * A valid Fargate task definition carrying the environment canary, changed by `mutate`: each case
 * breaks one thing, so the message must point at that one thing.
 */
export function taskDefinition(mutate: (definition: Definition) => void = () => {}): Definition {
  const definition: Definition = {
    family: 'banana-front',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/banana-front-execution',
    containerDefinitions: [
      {
        name: 'banana-front',
        image: '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana/banana-front:v1',
        portMappings: [{ containerPort: 80 }],
        environment: [
          { name: 'DATABASE_URL', value: `postgres://app:${CANARY.environment}@db:5432/app` }
        ],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/banana-front',
            'awslogs-region': 'eu-west-3',
            'awslogs-stream-prefix': 'ecs'
          }
        }
      }
    ]
  }
  mutate(definition)
  return definition
}

/** The first container of a definition being mutated. */
export function first(definition: Definition): Record<string, unknown> {
  return definition.containerDefinitions[0] as Record<string, unknown>
}

export function writeFiles(dir: string, files: Record<string, string | object>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
}

/** At most `limit` runs at once; the rest wait their turn. */
export function limiter(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: (() => void)[] = []
  return async (work) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    running += 1
    try {
      return await work()
    } finally {
      running -= 1
      waiting.shift()?.()
    }
  }
}

/** A request the GitHub stand-in received, as sent: where a leak through the API would show. */
export interface ReceivedCall {
  method: string
  url: string
  body: string
}

/**
 * Every place a run's text goes: the log (minus `::add-mask::` lines, which the runner consumes
 * and never shows), stderr, the step summary, outputs, GITHUB_ENV, the post stage, and the calls
 * the GitHub stand-in received.
 */
export function sinks(result: RunBundleResult, calls: ReceivedCall[]): Record<string, string> {
  const visible = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
  const stages = { main: result, ...(result.post !== undefined && { post: result.post }) }
  const found: Record<string, string> = {}
  for (const [stage, run] of Object.entries(stages)) {
    found[`${stage} stdout`] = visible(run.stdout)
    found[`${stage} stderr`] = run.stderr
    found[`${stage} summary`] = run.summary
    found[`${stage} outputs`] = JSON.stringify(run.outputs)
    found[`${stage} GITHUB_ENV`] = JSON.stringify(run.env)
  }
  found['GitHub API calls'] = JSON.stringify(calls)
  return found
}

/** `sink: canary` for every canary found in a sink. */
export function leaks(found: Record<string, string>): string[] {
  return Object.entries(found).flatMap(([sink, text]) =>
    Object.entries(CANARY).flatMap(([name, value]) =>
      text.includes(value) ? [`${name} in ${sink}`] : []
    )
  )
}
