import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanUpAfterPublish, savedLogins } from '../../src/registry/publish-cleanup.js'
import { recordingLogger } from '../../src/shared/logger.js'
import { fakeRunner } from './fake-runner.js'

describe('cleanUpAfterPublish', () => {
  it('removes what an interrupted run left in RUNNER_TEMP and logs out of every registry', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'cleanup-'))
    for (const name of ['registry-auth-1', 'registry-auth-2', 'build-secrets-1', 'kept']) {
      mkdirSync(join(runnerTemp, name))
    }
    const { run, calls } = fakeRunner(({ args }) =>
      args[1] === 'b.example' ? { exitCode: 1 } : {}
    )
    const log = recordingLogger()
    await cleanUpAfterPublish(
      { runnerTemp, logins: savedLogins(['a.example', 'b.example']) },
      { run, log }
    )
    expect(existsSync(join(runnerTemp, 'registry-auth-1'))).toBe(false)
    expect(existsSync(join(runnerTemp, 'build-secrets-1'))).toBe(false)
    expect(existsSync(join(runnerTemp, 'kept'))).toBe(true)
    expect(calls.map((call) => call.args)).toEqual([
      ['logout', 'a.example'],
      ['logout', 'b.example']
    ])
    expect(log.lines).toEqual([
      'Removed 2 registry auth file(s) left by an interrupted run.',
      'Removed 1 build secret folder(s) left by an interrupted run.',
      'Logged out of a.example.',
      'warning: docker logout b.example failed; its credentials stay in the Docker config.'
    ])
  })

  it('does nothing when the main step logged in nowhere', async () => {
    const { run, calls } = fakeRunner()
    const log = recordingLogger()
    await cleanUpAfterPublish({ logins: '' }, { run, log })
    expect(calls).toEqual([])
    expect(log.lines).toEqual([])
  })

  it('warns, without failing, when the saved logins cannot be read', async () => {
    const log = recordingLogger()
    await cleanUpAfterPublish({ logins: '[oops' }, { run: fakeRunner().run, log })
    expect(log.lines[0]).toMatch(/^warning: Logging out failed: /)
  })
})
