// The IAM policy documents in iam/*.json are the source; each action README shows them between
// generated markers, rewritten by `npm run build`, so the README cannot drift from the JSON
// (__tests__/iam/policy-docs.test.ts fails when it has).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const MARKER =
  /<!-- generated:iam-policy:([a-z0-9-]+)\.json:start \(npm run build\) -->\n[\s\S]*?<!-- generated:iam-policy:\1\.json:end -->/g

export function policyStart(name) {
  return `<!-- generated:iam-policy:${name}.json:start (npm run build) -->`
}

export function policyEnd(name) {
  return `<!-- generated:iam-policy:${name}.json:end -->`
}

/** The markdown block of iam/<name>.json, as the README shows it. */
export function policyBlock(root, name) {
  const text = readFileSync(join(root, 'iam', `${name}.json`), 'utf8').trimEnd()
  return `${policyStart(name)}\n\n\`\`\`json\n${text}\n\`\`\`\n\n${policyEnd(name)}`
}

/** The README with every policy block regenerated from iam/. */
export function withPolicyBlocks(root, readme) {
  return readme.replace(MARKER, (_block, name) => policyBlock(root, name))
}

/** The policy names a README shows, in order. */
export function shownPolicies(readme) {
  return [...readme.matchAll(MARKER)].map((match) => match[1])
}
