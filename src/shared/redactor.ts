/** What a redacted value is replaced with: the runner's own mask, so both read the same. */
export const REDACTED = '***'

// A value shorter than this, or a bare boolean, is not treated as a secret in free text: it
// cannot be told apart from ordinary words and numbers ("on", "80", "true"), and masking it would
// shred every line. Such values are still never shown by a task definition diff, which names
// variables only.
export const MIN_SECRET_LENGTH = 4
const NOT_SECRET = new Set(['true', 'false'])

/** True when `value` is long and specific enough to be masked wherever it appears. */
export function isMaskable(value: string): boolean {
  const trimmed = value.trim()
  return trimmed.length >= MIN_SECRET_LENGTH && !NOT_SECRET.has(trimmed.toLowerCase())
}

/**
 * The forms a value takes in text: as is, trimmed, line by line (the runner masks line by line)
 * and JSON-escaped (inside a JSON document or request body).
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value, value.trim(), ...value.split(/\r?\n/)])
  forms.add(JSON.stringify(value).slice(1, -1))
  return [...forms].filter((form) => form.trim() !== '')
}

/** Replaces every registered value in text with ***. Longer values first, so none is half-masked. */
export class Redactor {
  private readonly known = new Set<string>()
  private ordered: string[] | undefined

  /** Adds a value; returns the forms newly added (those isMaskable accepts). */
  add(value: string): string[] {
    const added: string[] = []
    for (const form of secretForms(value)) {
      if (this.known.has(form) || !isMaskable(form)) continue
      this.known.add(form)
      added.push(form)
    }
    if (added.length > 0) this.ordered = undefined
    return added
  }

  /** Every form registered, in the order added. */
  values(): string[] {
    return [...this.known]
  }

  redact(text: string): string {
    if (this.known.size === 0 || text === '') return text
    this.ordered ??= [...this.known].sort((a, b) => b.length - a.length)
    let result = text
    for (const value of this.ordered) {
      if (result.includes(value)) result = result.split(value).join(REDACTED)
    }
    return result
  }

  /** A copy of a JSON-like value with every string redacted; keys in `keep` are left as they are. */
  redactDeep(value: unknown, keep: ReadonlySet<string> = new Set()): unknown {
    if (typeof value === 'string') return this.redact(value)
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item))
    if (value !== null && typeof value === 'object' && isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          keep.has(key) ? item : this.redactDeep(item)
        ])
      )
    }
    return value
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}
