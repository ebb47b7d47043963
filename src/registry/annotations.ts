import { UserError } from '../shared/errors.js'

// OCI annotations for buildx --annotation, in the form docker/metadata-action's `annotations`
// output uses: `[<level>[,<level>...][\[<platform>\]]:]<key>=<value>`, one per line, where a
// level is manifest, index, manifest-descriptor or index-descriptor (buildx's annotation syntax,
// docs.docker.com/build/building/annotations, read 2026-12-02). Values may hold ',', ':' and '='.

const LEVELS = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'] as const
const PREFIX = /^([a-z-]+(?:,[a-z-]+)*)(\[[^\]]+\])?:/
const KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/

/** Why `line` is not an annotation, or undefined when it is one. */
export function annotationProblem(line: string): string | undefined {
  let rest = line
  const prefix = PREFIX.exec(line)
  if (prefix !== null) {
    const levels = (prefix[1] ?? '').split(',')
    const unknown = levels.find((level) => !(LEVELS as readonly string[]).includes(level))
    // "org.opencontainers...=https://..." never matches the prefix (no '.' or '='), so an unknown
    // word here is a misspelt level.
    if (unknown !== undefined) {
      return `"${unknown}" is not an annotation level; use ${LEVELS.join(', ')}, or no prefix.`
    }
    rest = line.slice(prefix[0].length)
  }
  const at = rest.indexOf('=')
  if (at <= 0) return `"${line}" is not [<level>:]<key>=<value>.`
  const key = rest.slice(0, at)
  if (!KEY.test(key))
    return `"${key}" is not an annotation key (letters, digits, '.', '_', '/', '-').`
  return undefined
}

/** The annotation lines, checked; blank and `#` lines dropped. Commas belong to the values. */
export function parseAnnotations(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  lines.forEach((line, index) => {
    const problem = annotationProblem(line)
    if (problem !== undefined) throw new UserError(`line ${index + 1}: ${problem}`)
  })
  return lines
}
