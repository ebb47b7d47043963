// The generic migration inputs fail before the first AWS call, naming the input at fault, and
// the Scaleway key keeps migrate-from a Scaleway repository. No sandbox is needed.
import { describe, expect, it } from '@jest/globals'
import { errorLines, runStep } from './harness.js'

async function firstError(inputs: Record<string, string>): Promise<string> {
  const step = await runStep({ repository: 'banana-front', ...inputs })
  expect(step.exitCode).toBe(1)
  return errorLines(step.log)[0] ?? ''
}

describe('build-push-ecr migration source inputs', () => {
  it('name migrate-from when the reference does not fit the kind', async () => {
    expect(
      await firstError({ 'migrate-from': 'ghcr.io/front', 'source-registry-kind': 'auto' })
    ).toBe(
      '::error::Input "migrate-from": "ghcr.io/front" is not a GitHub Container Registry image: expected ghcr.io/<owner>/<image> (at least 2 path components).'
    )
    expect(
      await firstError({ 'migrate-from': 'front', 'source-registry-kind': 'harbor' })
    ).toContain('::error::Input "migrate-from": "front" is not a Harbor image')
  })

  it('name source-registry-kind when the kind is unknown', async () => {
    expect(
      await firstError({ 'migrate-from': 'ghcr.io/a/b', 'source-registry-kind': 'quay' })
    ).toContain('::error::Input "source-registry-kind": "quay" is not one of: auto, scaleway,')
  })

  it('name source-password when a username comes alone', async () => {
    expect(await firstError({ 'migrate-from': 'ghcr.io/a/b', 'source-username': 'octocat' })).toBe(
      '::error::Input "source-password": required with source-username (GitHub Container Registry (ghcr.io)).'
    )
  })

  it('keep migrate-from on Scaleway when only the Scaleway key is given', async () => {
    expect(
      await firstError({ 'migrate-from': 'ghcr.io/a/b', 'scaleway-secret-key': 'k' })
    ).toContain('::error::Input "migrate-from": "ghcr.io/a/b" is not a Scaleway registry image')
  })

  it('ask for the Scaleway key for a Scaleway source', async () => {
    expect(
      await firstError({
        'migrate-from': 'rg.fr-par.scw.cloud/banana/front',
        'source-registry-kind': 'scaleway'
      })
    ).toBe(
      '::error::Input "scaleway-secret-key": required with migrate-from or dual-push-scaleway (the Scaleway IAM API secret key).'
    )
  })
})
