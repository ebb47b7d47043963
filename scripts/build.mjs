// Builds every action and regenerates what derives from each actions/<name>/action.yml:
//   dist/<name>/            ncc bundle of actions/<name>/index.ts (and dist/<name>/post/ of post.ts)
//   <name>/action.yml       the public path `uses: org/ecs-actions/<name>@v1`, same metadata
//   actions/<name>/README.md  the inputs and outputs tables between the generated markers, and
//                             the IAM policy blocks from iam/*.json
// The dist check rebuilds and diffs all of these, so none of them can be edited by hand unseen.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  listActions,
  renderDocTables,
  publicActionYaml,
  DOC_START,
  DOC_END
} from './actions-meta.mjs'
import { withPolicyBlocks } from './iam-policies.mjs'
import { nccBuild as ncc } from './ncc.mjs'

const root = new URL('..', import.meta.url).pathname
const only = process.argv.slice(2)

const actions = listActions(root).filter((name) => only.length === 0 || only.includes(name))
if (only.length === 0) rmSync(join(root, 'dist'), { recursive: true, force: true })

for (const name of actions) {
  const dir = join(root, 'actions', name)
  rmSync(join(root, 'dist', name), { recursive: true, force: true })
  if (existsSync(join(dir, 'index.ts'))) {
    process.stdout.write(`bundling ${name}\n`)
    ncc(join('actions', name, 'index.ts'), join('dist', name))
  }
  if (existsSync(join(dir, 'post.ts'))) {
    ncc(join('actions', name, 'post.ts'), join('dist', name, 'post'))
  }

  const source = readFileSync(join(dir, 'action.yml'), 'utf8')
  mkdirSync(join(root, name), { recursive: true })
  writeFileSync(join(root, name, 'action.yml'), publicActionYaml(name, source))

  const readmePath = join(dir, 'README.md')
  if (existsSync(readmePath)) {
    const readme = readFileSync(readmePath, 'utf8')
    const start = readme.indexOf(DOC_START)
    const end = readme.indexOf(DOC_END)
    let updated = readme
    if (start !== -1 && end > start) {
      const tables = renderDocTables(source)
      updated = readme.slice(0, start + DOC_START.length) + '\n' + tables + readme.slice(end)
    }
    writeFileSync(readmePath, withPolicyBlocks(root, updated))
  }
}

// Public folders of actions that no longer exist would keep working for users by accident.
for (const entry of readdirSync(root, { withFileTypes: true })) {
  const yml = join(root, entry.name, 'action.yml')
  if (
    entry.isDirectory() &&
    existsSync(yml) &&
    readFileSync(yml, 'utf8').includes('Generated from actions/')
  ) {
    if (!existsSync(join(root, 'actions', entry.name, 'action.yml')))
      rmSync(join(root, entry.name), { recursive: true })
  }
}
