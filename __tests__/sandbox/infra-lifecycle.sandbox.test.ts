import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot, sandboxDir } from '../../sandbox/runner/paths.js'
import { loadSandboxEnv, parseEnvFile } from '../../sandbox/runner/sandbox-env.js'

function pids(): Record<string, string> {
  const dir = join(sandboxDir(), 'pids')
  return Object.fromEntries(
    readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8').trim()])
  )
}

describe('sandbox/up.sh', () => {
  it('does nothing when everything already runs: same processes, same env file, fast', () => {
    const envBefore = readFileSync(join(sandboxDir(), 'env'), 'utf8')
    const pidsBefore = pids()
    const started = Date.now()
    // Nothing that would (rightly) restart the emulator under the other test files running now:
    // no other clock scale, and no restart for sources edited since it started.
    const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_KEEP_CODE: '1' }
    delete env['SANDBOX_CLOCK_SCALE']
    const result = spawnSync('bash', ['sandbox/up.sh'], { cwd: repoRoot, encoding: 'utf8', env })
    const elapsed = Date.now() - started
    expect(result.stderr).not.toMatch(/starting|building|preloading|creating/)
    expect(result.status).toBe(0)
    expect(elapsed).toBeLessThan(20000)
    expect(pids()).toEqual(pidsBefore)
    expect(readFileSync(join(sandboxDir(), 'env'), 'utf8')).toBe(envBefore)
    expect(Object.keys(pidsBefore).sort()).toEqual([
      'dockerd.pid',
      'emulator.pid',
      'github.pid',
      'registry-ecr.pid',
      'registry-scw.pid'
    ])
  })

  it('writes an env file that the shell and loadSandboxEnv read alike', () => {
    const file = join(sandboxDir(), 'env')
    const names = Object.keys(loadSandboxEnv())
    expect(names).toEqual(
      expect.arrayContaining([
        'AWS_ENDPOINT_URL',
        'AWS_REGION',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_EC2_METADATA_DISABLED',
        'DOCKER_HOST',
        'SANDBOX_ECR_HOST',
        'SANDBOX_ECR_REGISTRY',
        'SANDBOX_ECR_TOKEN',
        'SANDBOX_SCW_REGISTRY',
        'SANDBOX_SCW_SECRET_KEY',
        'GITHUB_API_URL',
        'SANDBOX_GITHUB_TOKEN',
        'SANDBOX_CLOCK_SCALE',
        'SANDBOX_EMULATOR_URL',
        'SANDBOX_NODE'
      ])
    )
    const script = `. '${file}'; for n in ${names.join(' ')}; do printf '%s=%s\\0' "$n" "\${!n}"; done`
    const shell = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: {} })
    const fromShell = Object.fromEntries(
      shell.stdout
        .split('\0')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
    )
    expect(fromShell).toEqual(loadSandboxEnv())
    expect(loadSandboxEnv()['AWS_REGION']).toBe('eu-west-3')
  })
})

describe('loadSandboxEnv', () => {
  it('says how to start the sandbox when its env file is missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-sandbox-'))
    const previous = process.env['SANDBOX_DIR']
    process.env['SANDBOX_DIR'] = empty
    try {
      expect(() => loadSandboxEnv()).toThrow('the sandbox is not running: run bash sandbox/up.sh')
    } finally {
      if (previous === undefined) delete process.env['SANDBOX_DIR']
      else process.env['SANDBOX_DIR'] = previous
      rmSync(empty, { recursive: true, force: true })
    }
  })

  it('reads shell-quoted values back exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-file-'))
    const file = join(dir, 'env')
    writeFileSync(file, "# comment\nexport A='it'\\''s = \"x\"'\nexport B=''\n")
    try {
      expect(parseEnvFile(readFileSync(file, 'utf8'))).toEqual({ A: 'it\'s = "x"', B: '' })
      const shell = spawnSync('bash', ['-c', `. '${file}'; printf '%s' "$A"`], { encoding: 'utf8' })
      expect(shell.stdout).toBe('it\'s = "x"')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
