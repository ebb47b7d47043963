import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { NOT_LISTED_GRACE_POLLS, RolloutWatch } from '../../src/ecs/watch.js'
import type { WatchSnapshot } from '../../src/ecs/snapshot.js'
import {
  NEW_ID,
  NEW_TD,
  OLD_TD,
  T0,
  deployment,
  oldDeployment,
  service
} from './fixtures/snapshots.js'

// Every AWS timestamp below is on the server's clock (T0 = our update there); the runner's clock
// is `skew` behind it (server = runner + skew). Each verdict must come out the same for a server
// clock 90 s ahead, 90 s behind, and in step.

const OTHER_ID = 'ecs-svc/3333333333333333333'
const OTHER_TD = 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:8'

for (const skew of [90_000, -90_000, 0]) {
  const runnerT0 = T0 - skew
  /** A poll `seconds` after the update, on the runner's clock, with the poller's offset estimate. */
  const poll = (seconds: number, svc: Service, offsetKnown = true): WatchSnapshot => ({
    at: runnerT0 + seconds * 1000,
    service: svc,
    tasks: [],
    targetHealth: [],
    logTails: new Map(),
    ...(offsetKnown && { serverOffsetMs: skew })
  })
  // How the deploy builds it: startedAt on the runner's clock, createdAt from UpdateService.
  const fromUpdate = (timeoutMs = 600_000) =>
    new RolloutWatch({
      deploymentId: NEW_ID,
      taskDefinitionArn: NEW_TD,
      startedAt: runnerT0,
      deploymentCreatedAt: new Date(T0),
      timeoutMs,
      failFastThreshold: 2
    })
  // How a watch without an UpdateService answer is built: the poller's clock offset stands in.
  const fromOffset = () =>
    new RolloutWatch({
      deploymentId: NEW_ID,
      taskDefinitionArn: NEW_TD,
      startedAt: runnerT0,
      timeoutMs: 600_000,
      failFastThreshold: 2
    })
  const theirs = (secondsAfterOurs: number) =>
    deployment({
      id: OTHER_ID,
      taskDefinition: OTHER_TD,
      createdAt: new Date(T0 + secondsAfterOurs * 1000)
    })

  describe(`RolloutWatch with the AWS clock ${skew / 1000} s from the runner's`, () => {
    it('succeeds when our deployment completes', () => {
      const watch = fromUpdate()
      watch.observe(poll(5, service([deployment({ id: NEW_ID }), oldDeployment()])))
      const done = service([deployment({ id: NEW_ID, runningCount: 2, rolloutState: 'COMPLETED' })])
      expect(watch.observe(poll(120, done)).verdict?.status).toBe('succeeded')
    })

    it('calls ours superseded by a deployment created after it', () => {
      const watch = fromUpdate()
      watch.observe(poll(5, service([deployment({ id: NEW_ID }), oldDeployment()])))
      const replaced = service([
        theirs(30),
        deployment({ id: NEW_ID, status: 'ACTIVE' }),
        oldDeployment()
      ])
      expect(watch.observe(poll(40, replaced)).verdict).toMatchObject({
        status: 'superseded',
        otherDeployment: { id: OTHER_ID }
      })
    })

    it('calls a return to the older deployment a rollback by ECS', () => {
      const watch = fromUpdate()
      watch.observe(poll(5, service([deployment({ id: NEW_ID }), oldDeployment()])))
      const back = service([oldDeployment({ status: 'PRIMARY' })])
      const verdict = watch.observe(poll(200, back)).verdict
      expect(verdict?.status).toBe('rolled-back-by-ecs')
      expect(verdict?.otherDeployment?.taskDefinition).toBe(OLD_TD)
    })

    for (const [name, build] of [
      ['the UpdateService createdAt', fromUpdate],
      ['the clock offset', fromOffset]
    ] as const) {
      it(`waits the grace polls while unlisted, next to a deployment created 30 s before ours (by ${name})`, () => {
        const watch = build()
        // Someone else's deployment, 30 s older than ours, is still PRIMARY in stale answers.
        const stale = service([{ ...theirs(-30), status: 'PRIMARY' }, oldDeployment()])
        for (let i = 1; i <= NOT_LISTED_GRACE_POLLS; i += 1)
          expect(watch.observe(poll(i, stale)).verdict).toBeUndefined()
        const listed = service([deployment({ id: NEW_ID }), { ...theirs(-30), status: 'ACTIVE' }])
        expect(watch.observe(poll(NOT_LISTED_GRACE_POLLS + 1, listed)).verdict).toBeUndefined()
      })

      it(`calls ours superseded at once, while unlisted, by a deployment created 30 s after it (by ${name})`, () => {
        const watch = build()
        const replaced = service([theirs(30), oldDeployment()])
        expect(watch.observe(poll(31, replaced)).verdict).toMatchObject({
          status: 'superseded',
          otherDeployment: { id: OTHER_ID }
        })
      })
    }

    it('without any server reference, leaves an unlisted deployment to the grace polls', () => {
      const watch = fromOffset()
      const replaced = service([theirs(30), oldDeployment()])
      expect(watch.observe(poll(31, replaced, false)).verdict).toBeUndefined()
    })

    it('times out on the runner clock alone', () => {
      const watch = fromUpdate(60_000)
      const deps = service([deployment({ id: NEW_ID }), oldDeployment()])
      expect(watch.observe(poll(59, deps)).verdict).toBeUndefined()
      expect(watch.observe(poll(61, deps)).verdict?.status).toBe('timed-out')
    })
  })
}
