import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../../sandbox/runner/paths.js'

// What sandbox/up.sh meets on a freshly booted VM: apt and dpkg locks held by unattended-upgrades,
// and no state at all from an earlier start. The lock files live in a scratch root
// (SANDBOX_APT_LOCKS), and apt-get and `id -u` are shell functions recording what they are asked,
// so the real waiting code of sandbox/lib/packages.sh runs without root or a real apt.
let root: string
let holder: ChildProcess | undefined

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fresh-machine-'))
  mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true })
  mkdirSync(join(root, 'var/lib/apt/lists'), { recursive: true })
  for (const lock of locks()) writeFileSync(lock, '')
})

afterEach(() => {
  release()
  rmSync(root, { recursive: true, force: true })
})

function locks(): string[] {
  return [join(root, 'var/lib/dpkg/lock-frontend'), join(root, 'var/lib/apt/lists/lock')]
}

// The lock kinds: flock(1)'s, and the fcntl record lock apt and dpkg themselves take.
const holders = {
  flock: (file: string): [string, string[]] => [
    'flock',
    ['-x', file, '-c', 'echo held; exec sleep 300']
  ],
  fcntl: (file: string): [string, string[]] => [
    'python3',
    [
      '-c',
      'import fcntl, sys, time\n' +
        'f = open(sys.argv[1], "w")\n' +
        'fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n' +
        'print("held", flush=True)\n' +
        'time.sleep(300)',
      file
    ]
  ]
}

/** Holds a lock on the file, in its own process group, until release(); resolves once held. */
function hold(file: string, kind: keyof typeof holders = 'flock'): Promise<number> {
  const [command, args] = holders[kind](file)
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'ignore'] })
  holder = child
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.stdout?.once('data', () => resolve(child.pid as number))
  })
}

function release(): void {
  // The group: flock and the sleep that inherited the locked file.
  if (holder?.pid !== undefined && holder.exitCode === null) process.kill(-holder.pid, 'SIGKILL')
  holder = undefined
}

interface Run {
  status: number | null
  stderr: string
  calls: string[]
}

// ensure_packages as up.sh calls it, with one command missing so that it installs.
function ensurePackages(
  extraEnv: Record<string, string>,
  aptGet: string,
  onStderr?: (text: string) => void
): Promise<Run> {
  const calls = join(root, 'apt-get.calls')
  const script = `
    set -euo pipefail
    . sandbox/lib/common.sh
    . sandbox/lib/packages.sh
    sandbox_dirs
    SANDBOX_PACKAGES=("sandbox-test-missing-command:sandbox-test-package")
    id() { echo 0; }
    apt-get() { printf '%s\\n' "$*" >>${JSON.stringify(calls)}; ${aptGet}; }
    ensure_packages`
  const child = spawn('bash', ['-c', script], {
    cwd: repoRoot,
    env: {
      ...process.env,
      SANDBOX_DIR: join(root, 'sandbox'),
      SANDBOX_APT_LOCKS: locks().join(' '),
      ...extraEnv
    },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    onStderr?.(stderr)
  })
  return new Promise((resolve) => {
    child.on('close', (status) => {
      const recorded = existsSync(calls) ? readFileSync(calls, 'utf8') : ''
      resolve({ status, stderr, calls: recorded.split('\n').filter(Boolean) })
    })
  })
}

describe('sandbox/up.sh installing packages while apt or dpkg is busy', () => {
  it('waits for the held lock, naming its holder, and installs once it is released', async () => {
    const lockFile = locks()[0] as string
    const pid = await hold(lockFile)
    const started = Date.now()
    let releasedAt = 0
    const run = await ensurePackages({}, 'true', (stderr) => {
      if (releasedAt === 0 && stderr.includes('waiting for')) {
        // Long enough to see that it really waits, then the holder finishes.
        setTimeout(release, 1500)
        releasedAt = Date.now() + 1500
      }
    })
    // One message (the next would come 30 s later); the time left is whole seconds of bash's clock.
    const [installing, waiting, ...rest] = run.stderr.split('\n')
    expect(installing).toBe('sandbox: installing sandbox-test-package')
    expect(waiting).toMatch(
      new RegExp(
        `^sandbox: waiting for ${lockFile}, held by process ${pid} \\(flock\\) \\(up to (599|600) s more\\)$`
      )
    )
    expect(rest).toEqual([''])
    expect(run.status).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500)
    expect(run.calls).toEqual([
      expect.stringMatching(/^-o DPkg::Lock::Timeout=(59\d|600) update -qq$/),
      expect.stringMatching(
        /^-o DPkg::Lock::Timeout=(59\d|600) install -y -qq --no-install-recommends sandbox-test-package$/
      )
    ])
  })

  it('waits for the lists lock `apt-get update` takes, held with fcntl as apt does', async () => {
    const lockFile = locks()[1] as string
    const pid = await hold(lockFile, 'fcntl')
    const run = await ensurePackages({}, 'true', (stderr) => {
      if (stderr.includes('waiting for')) release()
    })
    // python3 may be a link to python3.<minor>: the holder's name is the one it was started as.
    expect(run.stderr).toContain(
      `sandbox: waiting for ${lockFile}, held by process ${pid} (python3`
    )
    expect(run.status).toBe(0)
    expect(run.calls).toHaveLength(2)
  })

  it('gives up at SANDBOX_APT_LOCK_TIMEOUT with the lock, its holder and what to do', async () => {
    const lockFile = locks()[0] as string
    const pid = await hold(lockFile)
    const run = await ensurePackages({ SANDBOX_APT_LOCK_TIMEOUT: '2' }, 'true')
    expect(run.status).toBe(1)
    expect(run.calls).toEqual([])
    expect(run.stderr.split('\n').filter(Boolean).at(-1)).toBe(
      `sandbox: error: gave up after 2 s waiting for ${lockFile}, held by process ${pid} (flock). ` +
        'Let it finish (on a fresh machine unattended-upgrades can take several minutes) and run ' +
        'sandbox/up.sh again, or wait longer with SANDBOX_APT_LOCK_TIMEOUT=<seconds>'
    )
  })

  it('runs apt-get again when another process took the lock between the check and apt-get', async () => {
    const failOnce = join(root, 'failed-once')
    const run = await ensurePackages(
      {},
      `if [ ! -e ${JSON.stringify(failOnce)} ]; then : >${JSON.stringify(failOnce)}; ` +
        `echo 'E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)' >&2; return 100; fi`
    )
    expect(run.status).toBe(0)
    expect(run.calls.map((call) => call.replace(/^-o \S+ /, ''))).toEqual([
      'update -qq',
      'update -qq',
      'install -y -qq --no-install-recommends sandbox-test-package'
    ])
    expect(run.stderr).toContain(
      'sandbox: apt-get update -qq found a lock taken meanwhile: waiting again'
    )
  })

  it('does not wait when nothing is missing', async () => {
    await hold(locks()[0] as string)
    const script = `. sandbox/lib/common.sh; . sandbox/lib/packages.sh; SANDBOX_PACKAGES=("bash:bash"); ensure_packages`
    const result = spawnSync('bash', ['-c', script], {
      cwd: repoRoot,
      env: {
        ...process.env,
        SANDBOX_DIR: join(root, 'sandbox'),
        SANDBOX_APT_LOCKS: locks().join(' ')
      },
      encoding: 'utf8',
      timeout: 10_000
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})

describe('a first start, with no state from an earlier one', () => {
  it('reads the missing pid and port files quietly, as up.sh and down.sh do', () => {
    const parts = ['dockerd', 'registry-ecr', 'registry-scw', 'emulator', 'github']
    const script = `
      set -euo pipefail
      . sandbox/lib/common.sh
      sandbox_dirs
      for part in ${parts.join(' ')}; do
        is_running "$part" && exit 3
        [ -z "$(pid_of "$part")" ] || exit 4
        [ -z "$(recorded_port "$part")" ] || exit 5
        stop_process "$part"
      done
      stop_processes ${parts.join(' ')}`
    const result = spawnSync('bash', ['-c', script], {
      cwd: repoRoot,
      env: { ...process.env, SANDBOX_DIR: join(root, 'sandbox') },
      encoding: 'utf8'
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it('down.sh on a sandbox folder that never ran stops nothing and prints no error', () => {
    mkdirSync(join(root, 'sandbox', 'pids'), { recursive: true })
    const result = spawnSync('bash', ['sandbox/down.sh'], {
      cwd: repoRoot,
      env: { ...process.env, SANDBOX_DIR: join(root, 'sandbox') },
      encoding: 'utf8'
    })
    expect(result.stderr).toBe('sandbox: stopped\n')
    expect(result.status).toBe(0)
  })
})
