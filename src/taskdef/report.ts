import { blocks, bulletList, code, escapeText, heading, md, table } from '../report/markdown.js'
import { redactSecrets } from '../shared/secrets.js'
import type { Change } from './edit.js'
import type { RenderResult } from './render.js'

/**
 * The `changes` output: what the render changed, as a short markdown table (or one line).
 * Environment variables and log options are named, never shown; registered secrets are redacted.
 */
export function changesMarkdown(result: RenderResult): string {
  const rows = [
    ...result.changes.map((change) => [
      scope(change.scope),
      change.field,
      md(describeChange(change))
    ]),
    ...result.sourceRewrites.map((rewrite) => [
      scope(rewrite.container),
      `image (${rewrite.source} → ECR)`,
      md(`${code(rewrite.from)} → ${code(rewrite.to)}`)
    ]),
    ...result.droppedCredentials.map((dropped) => [
      scope(dropped.container),
      'repositoryCredentials',
      dropped.reason
    ]),
    ...result.pinned.map((pin) => [
      scope(pin.container),
      'image (pinned)',
      md(`${code(pin.from)} → ${code(pin.to)}`)
    ])
  ]
  if (rows.length === 0) return 'No changes to the source task definition.\n'
  return redactSecrets(`${table(['Where', 'What', 'Change'], rows)}\n`)
}

/** The job summary of one render. */
export function renderSummary(result: RenderResult, source: string, outputPath: string): string {
  const markdown = blocks(
    heading(`render-taskdef: ${result.family} rendered`),
    `Rendered from ${code(source)} to ${code(outputPath)}.`,
    migratedSentence(result),
    droppedByEditSentence(result),
    result.sourceImagesLeft.length > 0 &&
      `Still on Scaleway (migrate-scaleway is off): ${result.sourceImagesLeft.map((item) => code(item.image)).join(', ')}.`,
    heading('Changes', 3),
    changesMarkdown(result).trimEnd(),
    heading('Images', 3),
    bulletList(result.images.map((image) => md(code(image)))),
    result.removedReadOnly.length > 0 &&
      `Removed read-only fields that registration rejects: ${result.removedReadOnly.map((field) => code(field)).join(', ')}.`
  )
  return redactSecrets(markdown)
}

function migratedSentence(result: RenderResult): string | false {
  const rewritten = result.sourceRewrites.length
  if (rewritten === 0) return false
  const sources = [...new Set(result.sourceRewrites.map((rewrite) => rewrite.source))].join(', ')
  const moved = new Set(result.sourceRewrites.map((rewrite) => rewrite.container))
  const dropped = result.droppedCredentials.some((item) => moved.has(item.container))
  return (
    `Migrated off ${escapeText(sources)}: ${rewritten === 1 ? '1 image now points' : `${rewritten} images now point`} at Amazon ECR` +
    (dropped ? `, and the ${escapeText(sources)} repositoryCredentials were removed.` : '.')
  )
}

/** Containers an input (image, containers) moved into ECR: their pull credentials went too. */
function droppedByEditSentence(result: RenderResult): string | false {
  const moved = new Set(result.sourceRewrites.map((rewrite) => rewrite.container))
  const dropped = result.droppedCredentials.filter(
    (item) => item.toEcr && !moved.has(item.container)
  )
  if (dropped.length === 0) return false
  const names = dropped.map((item) => code(item.container)).join(', ')
  const sources = [...new Set(dropped.map((item) => item.source))].join(', ')
  const subject =
    dropped.length === 1 ? `Container ${names} now pulls` : `Containers ${names} now pull`
  return `${subject} from Amazon ECR, so the ${escapeText(sources)} repositoryCredentials were removed: ECR pulls use the execution role.`
}

function scope(name: string): ReturnType<typeof md> {
  return md(name === 'task' ? 'task' : `container ${code(name)}`)
}

function describeChange(change: Change): string {
  if (change.note !== undefined) return escapeText(change.note)
  const after = change.after !== undefined ? code(change.after) : '(removed)'
  return change.before !== undefined ? `${code(change.before)} → ${after}` : `set to ${after}`
}
