// Clear errors for what the user or the runner must fix: no docker, no skopeo,
// an invalid repository name, a missing Dockerfile, a missing Scaleway key. All of them are
// found before the first AWS call, so no sandbox is needed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorLines, runStep } from './harness.js'

const emptyPath = () => mkdtempSync(join(tmpdir(), 'bpe-no-tools-'))
const sha = '0123456789abcdef0123456789abcdef01234567'

// The region configure-aws-credentials sets on a runner: the action resolves it before the checks
// below, so without it every run would stop at "Input \"aws-region\": not set".
const ambientRegion = process.env['AWS_REGION']
beforeAll(() => {
  process.env['AWS_REGION'] = 'eu-west-3'
})
afterAll(() => {
  if (ambientRegion === undefined) delete process.env['AWS_REGION']
  else process.env['AWS_REGION'] = ambientRegion
})

describe('build-push-ecr fails clearly', () => {
  it('when docker is not installed', async () => {
    const step = await runStep(
      { repository: 'banana-front', context: 'examples/app' },
      { env: { PATH: emptyPath(), GITHUB_SHA: sha } }
    )
    expect(step.exitCode).toBe(1)
    expect(errorLines(step.log)).toEqual([
      "::error::docker was not found on PATH. This action builds with the runner's Docker: GitHub-hosted ubuntu runners have it; on a self-hosted runner install Docker Engine (https://docs.docker.com/engine/install/)."
    ])
  })

  it('when skopeo is not installed for a migration, with the apt hint', async () => {
    const step = await runStep(
      {
        repository: 'banana-front',
        'migrate-from': 'rg.fr-par.scw.cloud/banana/banana-front',
        'scaleway-secret-key': 'not-used-here'
      },
      { env: { PATH: emptyPath() } }
    )
    expect(step.exitCode).toBe(1)
    const [error = ''] = errorLines(step.log)
    expect(error).toContain('::error::skopeo was not found on PATH')
    expect(error).toContain('sudo apt-get install -y skopeo')
  })

  it('when the repository name is not one ECR accepts', async () => {
    const step = await runStep(
      { repository: 'Banana_Front', context: 'examples/app' },
      { env: { GITHUB_SHA: sha } }
    )
    expect(step.exitCode).toBe(1)
    expect(errorLines(step.log)).toEqual([
      '::error::Input "repository": "Banana_Front" is not a valid ECR repository name: it must be lowercase (ECR rejects capitals).'
    ])
  })

  it('when the Dockerfile is missing', async () => {
    const step = await runStep(
      { repository: 'banana-front', context: 'examples/app', dockerfile: 'examples/app/Nope' },
      { env: { GITHUB_SHA: sha } }
    )
    expect(step.exitCode).toBe(1)
    expect(errorLines(step.log)).toEqual([
      '::error::Input "dockerfile": no Dockerfile at "examples/app/Nope".'
    ])
  })

  it('when the context has no Dockerfile', async () => {
    const step = await runStep(
      { repository: 'banana-front', context: 'src' },
      { env: { GITHUB_SHA: sha } }
    )
    expect(errorLines(step.log)).toEqual([
      '::error::Input "context": no Dockerfile at "src/Dockerfile".'
    ])
  })

  it('when migrate-from has no Scaleway key', async () => {
    const step = await runStep({
      repository: 'banana-front',
      'migrate-from': 'rg.fr-par.scw.cloud/banana/banana-front'
    })
    expect(errorLines(step.log)).toEqual([
      '::error::Input "scaleway-secret-key": required with migrate-from or dual-push-scaleway (the Scaleway IAM API secret key).'
    ])
  })

  it('when migrate-from is not a Scaleway image', async () => {
    const step = await runStep({
      repository: 'banana-front',
      'migrate-from': 'docker.io/library/nginx',
      'scaleway-secret-key': 'x'
    })
    expect(errorLines(step.log)).toEqual([
      '::error::Input "migrate-from": "docker.io/library/nginx" is not a Scaleway registry image: expected rg.<region>.scw.cloud/<namespace>/<image>.'
    ])
  })

  it('when dual-push-scaleway names a tag', async () => {
    const step = await runStep(
      {
        repository: 'banana-front',
        context: 'examples/app',
        'dual-push-scaleway': 'rg.fr-par.scw.cloud/banana/banana-front:v1',
        'scaleway-secret-key': 'x'
      },
      { env: { GITHUB_SHA: sha } }
    )
    expect(errorLines(step.log)).toEqual([
      '::error::Input "dual-push-scaleway": "rg.fr-par.scw.cloud/banana/banana-front:v1" names a tag or digest: give the repository alone (the tags come from tags or migrate-tags).'
    ])
  })

  it('when the region is not an AWS region name', async () => {
    const step = await runStep(
      { repository: 'banana-front', context: 'examples/app', 'aws-region': 'paris' },
      { env: { GITHUB_SHA: sha } }
    )
    expect(errorLines(step.log)).toEqual([
      '::error::Input "aws-region": "paris" is not an AWS region name (for example eu-west-3).'
    ])
  })

  it('when no tag is given outside a workflow', async () => {
    const step = await runStep(
      { repository: 'banana-front', context: 'examples/app' },
      { env: { GITHUB_SHA: undefined } }
    )
    expect(errorLines(step.log)).toEqual([
      '::error::Input "tags": not given, and GITHUB_SHA (the default tag) is not set.'
    ])
  })
})
