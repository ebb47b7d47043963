import { describe, expect, it } from '@jest/globals'
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
