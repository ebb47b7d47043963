// Which registry the emulator's pull check asks for an image, and under which name its errors
// quote it: Docker Hub's short names, hosts with ports, digests, the ECR stand-in.

import { describe, expect, it } from '@jest/globals'
import { parseImage, pullTarget } from '../../sandbox/emulator/sim/image-check.js'

const config = { accountId: '123456789012', clockScale: 1 }

describe('pull targets', () => {
  it('sends Docker Hub names to registry-1.docker.io under their docker.io name', () => {
    expect(pullTarget('nginx:1.27', config)).toEqual({
      ref: 'docker.io/library/nginx:1.27',
      url: 'https://registry-1.docker.io/v2/library/nginx/manifests/1.27'
    })
    expect(pullTarget('amazon/amazon-ecs-sample', config)).toEqual({
      ref: 'docker.io/amazon/amazon-ecs-sample:latest',
      url: 'https://registry-1.docker.io/v2/amazon/amazon-ecs-sample/manifests/latest'
    })
    expect(pullTarget('docker.io/redis@sha256:' + 'ab'.repeat(32), config)?.url).toBe(
      `https://registry-1.docker.io/v2/library/redis/manifests/sha256:${'ab'.repeat(32)}`
    )
  })

  it('asks loopback registries over plain HTTP and others over HTTPS, port kept', () => {
    expect(pullTarget('127.0.0.1:5001/shop/web:v2', config)?.url).toBe(
      'http://127.0.0.1:5001/v2/shop/web/manifests/v2'
    )
    expect(pullTarget('localhost:5000/web', config)?.url).toBe(
      'http://localhost:5000/v2/web/manifests/latest'
    )
    expect(pullTarget('gitlab.acme.io:5050/shop/api:v1', config)).toEqual({
      ref: 'gitlab.acme.io:5050/shop/api:v1',
      url: 'https://gitlab.acme.io:5050/v2/shop/api/manifests/v1'
    })
  })

  it('asks the ECR stand-in for ECR hosts with the AWS login, and trusts ECR without one', () => {
    const ecr = '123456789012.dkr.ecr.eu-west-3.amazonaws.com/banana/banana-front:v1'
    expect(pullTarget(ecr, config)).toBeUndefined()
    const withStandIn = { ...config, ecrRegistry: '127.0.0.1:5001', ecrToken: 'tok' }
    expect(pullTarget(ecr, withStandIn)).toEqual({
      ref: ecr,
      url: 'http://127.0.0.1:5001/v2/banana/banana-front/manifests/v1',
      login: { username: 'AWS', password: 'tok', basicFirst: true }
    })
  })

  it('passes repositoryCredentials to other registries and skips unchecked hosts', () => {
    const login = { username: 'ci', password: 'p' }
    expect(pullTarget('ghcr.io/acme/web:v1', config, login)?.login).toEqual(login)
    const trusting = { ...config, uncheckedRegistries: ['docker.io'] }
    expect(pullTarget('nginx:1.27', trusting)).toBeUndefined()
    expect(pullTarget('ghcr.io/acme/web:v1', trusting)).toBeDefined()
    expect(pullTarget('ghcr.io/acme/web:v1', { ...config, uncheckedRegistries: ['*'] })).toBe(
      undefined
    )
  })

  it('parses digests and tags after a port', () => {
    expect(parseImage('registry.acme.io:5000/a/b@sha256:00')).toEqual({
      host: 'registry.acme.io:5000',
      repository: 'a/b',
      reference: 'sha256:00'
    })
    expect(parseImage('registry.acme.io:5000/a/b')).toEqual({
      host: 'registry.acme.io:5000',
      repository: 'a/b',
      reference: 'latest'
    })
  })
})
