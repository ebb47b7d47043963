import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { detectDocker, dockerLogin } from '../../src/registry/docker.js'
import { findExecutable, lastErrorLine } from '../../src/shared/command.js'
import { fakeRunner } from './fake-runner.js'

const PATH = process.env['PATH']
afterEach(() => {
  process.env['PATH'] = PATH
})

describe('dockerLogin', () => {
  it('gives the password on stdin, never as an argument', async () => {
    const { run, calls } = fakeRunner()
    await dockerLogin(run, '127.0.0.1:5000', { username: 'AWS', password: 's3cret' })
    expect(calls[0]?.args).toEqual([
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '127.0.0.1:5000'
    ])
    expect(calls[0]?.options.input).toBe('s3cret')
    expect(calls[0]?.args.join(' ')).not.toContain('s3cret')
  })

  it('fails with the registry and docker last line', async () => {
    const { run } = fakeRunner(() => ({
      exitCode: 1,
      stderr:
        'Error response from daemon: login attempt to http://127.0.0.1:5002/v2/ failed with status: 401 Unauthorized\n'
    }))
    await expect(
      dockerLogin(run, '127.0.0.1:5002', { username: 'nologin', password: 'bad' })
    ).rejects.toThrow('docker login to 127.0.0.1:5002 failed: Error response from daemon')
  })
})

describe('detectDocker', () => {
  it('fails with an install hint when docker is not on PATH', async () => {
    process.env['PATH'] = mkdtempSync(join(tmpdir(), 'empty-path-'))
    const { run, calls } = fakeRunner()
    await expect(detectDocker(run)).rejects.toThrow('docker was not found on PATH')
    expect(calls).toHaveLength(0)
  })

  it('says when the daemon cannot be reached', async () => {
    const { run } = fakeRunner(() => ({
      exitCode: 1,
      stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n'
    }))
    await expect(detectDocker(run)).rejects.toThrow(
      'docker cannot reach a Docker daemon (Cannot connect to the Docker daemon'
    )
  })

  it('detects buildx and its driver', async () => {
    const { run } = fakeRunner(({ args }) => {
      if (args[0] === 'version') return { stdout: '28.0.4\n' }
      if (args[1] === 'version') return { stdout: 'github.com/docker/buildx v0.36.1\n' }
      return { stdout: 'Name:   default\nDriver: docker-container\n' }
    })
    await expect(detectDocker(run)).resolves.toEqual({
      serverVersion: '28.0.4',
      buildx: true,
      buildxDriver: 'docker-container'
    })
  })

  it('falls back to the classic builder without buildx', async () => {
    const { run } = fakeRunner(({ args }) =>
      args[0] === 'buildx'
        ? { exitCode: 1, stderr: "docker: 'buildx' is not a docker command." }
        : { stdout: '20.10.24' }
    )
    await expect(detectDocker(run)).resolves.toEqual({ serverVersion: '20.10.24', buildx: false })
  })
})

describe('command helpers', () => {
  it('findExecutable looks through PATH', () => {
    expect(findExecutable('node', PATH)).toMatch(/node$/)
    expect(findExecutable('no-such-tool-here', PATH)).toBeUndefined()
  })

  it('lastErrorLine skips warnings and blank lines', () => {
    expect(
      lastErrorLine({
        exitCode: 1,
        stdout: 'out',
        stderr: 'Error: first\nError: real cause\nWARNING! x\n\n'
      })
    ).toBe('Error: real cause')
    expect(lastErrorLine({ exitCode: 3, stdout: '', stderr: '' })).toBe('exit code 3')
  })
})
