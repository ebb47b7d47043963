// Input defaults may hold expressions over the contexts the runner allows there (github, runner,
// job, strategy, matrix, hashFiles). The actions here only read plain context values such as
// `${{ github.token }}`, so this evaluates dotted property paths and refuses anything else loudly
// rather than guessing.

export type ExpressionContexts = Record<string, unknown>

const expressionPattern = /\$\{\{\s*(.*?)\s*\}\}/g
const propertyPath = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/

export function evaluateDefault(template: string, contexts: ExpressionContexts): string {
  return template.replace(expressionPattern, (_whole, expression: string) => {
    if (!propertyPath.test(expression)) {
      throw new Error(`the sandbox runner cannot evaluate the default expression "${expression}"`)
    }
    let value: unknown = contexts
    for (const key of expression.split('.')) {
      value =
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[key]
          : undefined
    }
    return formatValue(value)
  })
}

// The runner's expression-to-string rules: null/undefined → '', objects → JSON.
function formatValue(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value, null, 2)
  return String(value)
}
