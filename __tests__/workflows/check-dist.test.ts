import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname

// scripts/check-dist.sh in a scratch repository whose "build" copies a source file into dist/ and
// generates a public action.yml: the same contract as the real build, in milliseconds.
function scratchRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'check-dist-'))
  mkdirSync(join(repo, 'scripts'))
  copyFileSync(join(root, 'scripts/check-dist.sh'), join(repo, 'scripts/check-dist.sh'))
  mkdirSync(join(repo, 'actions/probe'), { recursive: true })
  writeFileSync(join(repo, 'actions/probe/action.yml'), 'name: probe\n')
  writeFileSync(join(repo, 'source.ts'), 'export const answer = 42\n')
  writeFileSync(
    join(repo, 'package.json'),
    JSON.stringify({
      scripts: {
        build:
          "node -e \"const fs=require('fs');fs.mkdirSync('dist/probe',{recursive:true});fs.copyFileSync('source.ts','dist/probe/index.js');fs.mkdirSync('probe',{recursive:true});fs.copyFileSync('actions/probe/action.yml','probe/action.yml')\""
      }
    })
  )
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo })
  git('init', '-q')
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo })
  git('add', '-A')
  git('commit', '-qm', 'built')
  return repo
}

function checkDist(repo: string) {
  return spawnSync('bash', [join(repo, 'scripts/check-dist.sh')], { cwd: repo, encoding: 'utf8' })
}

describe('dist check', () => {
  it('passes when the committed bundles match the sources', () => {
    const result = checkDist(scratchRepository())
    expect(result.stdout).toContain('bundles and generated files match the sources')
    expect(result.status).toBe(0)
  })

  it('fails when a source changed without a rebuild', () => {
    const repo = scratchRepository()
    writeFileSync(join(repo, 'source.ts'), 'export const answer = 43\n')
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'source only'],
      { cwd: repo }
    )
    const result = checkDist(repo)
    expect(result.stdout).toContain("run 'npm run build' and commit the result")
    expect(result.status).toBe(1)
  })

  it('fails when a generated file was edited by hand or never committed', () => {
    const repo = scratchRepository()
    writeFileSync(join(repo, 'actions/probe/action.yml'), 'name: probe renamed\n')
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'metadata only'],
      { cwd: repo }
    )
    expect(checkDist(repo).status).toBe(1)
  })
})
