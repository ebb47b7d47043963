// The watch's verdict on the emulator's stop reasons: what cannot get better on a retry (an image
// the registry does not hold or refuses, a missing secret) fails the rollout on the first task;
// what may be passing (the network, a registry's rate limit) waits for a second task.

import { describe, expect, it } from '@jest/globals'
import { RolloutWatch } from '../../src/ecs/watch.js'
import {
  NEW_ID,
  NEW_TD,
  T0,
  deployment,
  oldDeployment,
  service,
  snapshot,
  task
} from './fixtures/snapshots.js'
import { pullReason, stopReasons, truncateReason } from '../../sandbox/emulator/sim/stop-reasons.js'

const IMAGE = 'registry.acme.io/shop/web:v2'
const URL = 'https://registry.acme.io/v2/shop/web/manifests/v2'

/** A task of the new revision that stopped before running, as the emulator stops it. */
function failedToStart(id: string, reason: string, onContainer: boolean) {
  return task(id, {
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stopCode: 'TaskFailedToStart',
    stoppedReason: truncateReason(reason),
    stoppedAt: new Date(T0 + 20_000),
    containers: [
      { name: 'banana-front', image: IMAGE, ...(onContainer && { reason }), lastStatus: 'STOPPED' }
    ]
  })
}

function verdictAfter(reason: string, onContainer: boolean, stoppedTasks: number) {
  const watch = new RolloutWatch({
    deploymentId: NEW_ID,
    taskDefinitionArn: NEW_TD,
    startedAt: T0,
    timeoutMs: 600_000,
    failFastThreshold: 2
  })
  const deps = [deployment({ id: NEW_ID, pendingCount: 2 }), oldDeployment()]
  const tasks = Array.from({ length: stoppedTasks }, (_, index) =>
    failedToStart(`0b00000000000000000000000000000${index + 1}`, reason, onContainer)
  )
  return watch.observe(snapshot(30, service(deps), tasks)).verdict
}

const deterministic: [string, string, boolean][] = [
  ['an image the registry does not hold', pullReason({ kind: 'not-found', ref: IMAGE }), true],
  [
    'a registry that refuses the pull',
    pullReason({
      kind: 'access-denied',
      ref: IMAGE,
      serverMessage: 'insufficient_scope: authorization failed'
    }),
    true
  ],
  [
    'a missing secret',
    stopReasons.secretNotFound('arn:aws:secretsmanager:eu-west-3:123456789012:secret:db-AbCdEf'),
    false
  ],
  ['a command the image cannot run', stopReasons.cannotStart('./server'), true]
]

const passing: [string, string, boolean][] = [
  [
    'an unreachable registry',
    pullReason({ kind: 'timeout', ref: IMAGE, url: URL, address: '10.0.0.7:443' }),
    true
  ],
  [
    "a registry's rate limit",
    pullReason({ kind: 'throttled', ref: IMAGE, url: URL, message: 'Too Many Requests' }),
    true
  ],
  ['an ECR auth timeout', stopReasons.registryAuthTimeout('eu-west-3'), false]
]

describe('fail fast on the emulator stop reasons', () => {
  it.each(deterministic)('fails on the first task for %s', (_, reason, onContainer) => {
    const verdict = verdictAfter(reason, onContainer, 1)
    expect(verdict?.status).toBe('failed')
    expect(verdict?.failFast?.tasks).toBe(1)
    expect(verdict?.failFast?.cause.hint).toBeDefined()
  })

  it.each(passing)('waits for a second task for %s', (_, reason, onContainer) => {
    expect(verdictAfter(reason, onContainer, 1)).toBeUndefined()
    const verdict = verdictAfter(reason, onContainer, 2)
    expect(verdict?.status).toBe('failed')
    expect(verdict?.failFast?.tasks).toBe(2)
    expect(verdict?.failFast?.cause.deterministic).toBe(false)
  })
})
