import type { CheckState, PlanResult } from '../plan.js'
import { revisionName } from '../snapshot.js'
import { redactSecrets } from '../../shared/secrets.js'
import type { HiddenValueChange } from '../../taskdef/hidden-values.js'
import {
  blocks,
  bulletList,
  code,
  codeBlock,
  escapeText,
  heading,
  hiddenMarker,
  md,
  table
} from '../../report/markdown.js'

const MARK: Record<CheckState, string> = { ok: '✅', failed: '❌', unverified: '➖' }

/** Environment variables and log options by name: their values are never shown. */
function hiddenChangesList(changes: HiddenValueChange[]): string | false {
  if (changes.length === 0) return false
  return [
    'Environment variables and log options (values are never shown):',
    bulletList(
      changes.map((change) =>
        md(
          `${code(change.container)}: ${change.kind === 'log option' ? 'log option ' : ''}${code(change.name)} ${change.change}`
        )
      )
    )
  ].join('\n\n')
}

/**
 * The plan as markdown: for the plan-markdown output, the job summary and the PR comment. Values
 * registered as secrets are redacted, should any reach a check's detail.
 */
export function planMarkdown(plan: PlanResult): string {
  const failed = plan.checks.filter((c) => c.state === 'failed')
  const outcome = failed.length === 0 ? '✅ ready to deploy' : '❌ not deployable'
  const verdict =
    failed.length === 0
      ? 'Every check passed.'
      : `Failed checks: ${failed.map((c) => escapeText(c.subject)).join(', ')}.`
  const change = plan.changed
    ? `Changes against ${plan.liveTaskDefinitionArn ? code(revisionName(plan.liveTaskDefinitionArn)) : 'nothing live'} (AWS defaults and read-only fields ignored):`
    : `No change: the rendered definition equals ${code(revisionName(plan.liveTaskDefinitionArn))}; a deploy registers no new revision.`
  const markdown = blocks(
    hiddenMarker(`deploy-ecs-plan:${plan.cluster}/${plan.service}`),
    heading(`deploy-ecs: plan for ${plan.service}: ${outcome}`),
    verdict,
    change,
    plan.changed && codeBlock(plan.diff, 'diff'),
    hiddenChangesList(plan.hiddenChanges),
    heading('Verification', 3),
    table(
      ['', 'Check', 'Result'],
      plan.checks.map((c) => [md(MARK[c.state]), c.subject, c.detail])
    )
  )
  return redactSecrets(markdown)
}
