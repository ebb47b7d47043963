import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { ESLint } from 'eslint'

const root = new URL('../..', import.meta.url).pathname
const eslint = new ESLint({ cwd: root })

async function restrictedImports(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` })
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message)
}

describe('the domain boundary', () => {
  const runnerImport = "import * as core from '@actions/core'\nexport const info = core.info\n"

  it.each(['src/ecs', 'src/ecr', 'src/registry', 'src/taskdef', 'src/cost', 'src/shared'])(
    'refuses an @actions/* import under %s',
    async (folder) => {
      const messages = await restrictedImports(`${folder}/probe.ts`, runnerImport)
      expect(messages).toEqual([expect.stringContaining('take a Logger')])
    }
  )

  it('refuses a domain import of the GitHub glue', async () => {
    const code =
      "import { actionsLogger } from '../github/logger.js'\nexport const log = actionsLogger\n"
    expect(await restrictedImports('src/ecs/probe.ts', code)).toHaveLength(1)
  })

  it('lets the glue folder and the actions talk to the runner', async () => {
    expect(await restrictedImports('src/github/probe.ts', runnerImport)).toEqual([])
    expect(await restrictedImports('actions/deploy-ecs/probe.ts', runnerImport)).toEqual([])
  })
})

// What each domain folder may import, as CONTRIBUTING.md's "Where the code lives" lists it.
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  report: [],
  ecr: ['shared'],
  registry: ['shared', 'ecr', 'report'],
  taskdef: ['shared', 'registry', 'report'],
  ecs: ['shared', 'taskdef', 'registry', 'report'],
  cost: ['shared', 'taskdef', 'report']
}

function folderImports(folder: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  const base = join(root, 'src', folder)
  for (const file of readdirSync(base, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue
    const text = readFileSync(join(base, file), 'utf8')
    for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
      const target = relative(join(root, 'src'), resolve(dirname(join(base, file)), match[1] ?? ''))
      const targetFolder = target.split(sep)[0] ?? ''
      if (targetFolder === folder || targetFolder.startsWith('..')) continue
      found.set(targetFolder, [...(found.get(targetFolder) ?? []), `src/${folder}/${file}`])
    }
  }
  return found
}

describe('the folder graph', () => {
  it('covers every domain folder under src', () => {
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'github')
      .map((entry) => entry.name)
    expect(folders.sort()).toEqual(Object.keys(ALLOWED).sort())
  })

  it.each(Object.keys(ALLOWED))('src/%s imports only the folders it may', (folder) => {
    const unexpected = [...folderImports(folder)].filter(
      ([target]) => !ALLOWED[folder]?.includes(target)
    )
    expect(unexpected).toEqual([])
  })

  it('has no cycle', () => {
    const visiting = new Set<string>()
    const visit = (folder: string, path: string[]): void => {
      expect(visiting.has(folder) ? [...path, folder] : []).toEqual([])
      visiting.add(folder)
      for (const next of ALLOWED[folder] ?? []) visit(next, [...path, folder])
      visiting.delete(folder)
    }
    for (const folder of Object.keys(ALLOWED)) visit(folder, [])
  })
})
