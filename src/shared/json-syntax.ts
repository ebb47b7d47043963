// Where a JSON text first breaks the grammar (RFC 8259), and why, in words that quote nothing of
// it. JSON.parse's own messages quote the text ('Unexpected token 'r', "root:x:0:0"... is not
// valid JSON') and often give no position, so they cannot be shown for a file that may hold
// secrets, or may not be the file the user meant.

export interface JsonSyntaxProblem {
  line: number
  column: number
  problem: string
}

/** Parses `text` as JSON; a syntax error names its line and column and quotes nothing. */
export function parseJsonText(
  text: string
): { ok: true; value: unknown } | { ok: false; error: JsonSyntaxProblem } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, error: jsonSyntaxProblem(text) }
  }
}

/** The first syntax error of a text JSON.parse refused. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem {
  const found = new JsonScanner(text).firstError()
  return { ...lineAndColumn(text, found.offset), problem: found.problem }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}

class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly problem: string
  ) {}
}

type Frame = 'array' | 'object'

/** A validating scanner with an explicit stack, so deep nesting cannot overflow the call stack. */
class JsonScanner {
  private at = 0

  constructor(private readonly text: string) {}

  firstError(): SyntaxProblem {
    try {
      this.document()
    } catch (error) {
      if (error instanceof SyntaxProblem) return error
      throw error
    }
    // JSON.parse refused what this scanner accepts: only the position is unknown.
    return new SyntaxProblem(0, 'not valid JSON')
  }

  private fail(problem: string, offset = this.at): never {
    throw new SyntaxProblem(offset, this.at >= this.text.length ? 'the file ends early' : problem)
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at] as string)) {
      this.at++
    }
  }

  private document(): void {
    const stack: Frame[] = []
    this.skipSpace()
    if (this.at >= this.text.length) throw new SyntaxProblem(this.at, 'the file is empty')
    let expectValue = true
    for (;;) {
      if (expectValue && this.valueStart(stack)) continue
      if (stack.length === 0) break
      expectValue = this.afterValue(stack)
    }
    this.skipSpace()
    if (this.at < this.text.length) {
      throw new SyntaxProblem(this.at, 'more text after the end of the JSON value')
    }
  }

  /**
   * Consumes a scalar or an empty container (false: the value is complete), or the opening of a
   * container and, for an object, its first property name (true: its first value comes next).
   */
  private valueStart(stack: Frame[]): boolean {
    this.skipSpace()
    const char = this.text[this.at]
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']'
      this.at++
      this.skipSpace()
      if (this.text[this.at] === close) {
        this.at++
        return false
      }
      stack.push(char === '{' ? 'object' : 'array')
      if (char === '{') this.member()
      return true
    }
    if (char === '"') this.string()
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) this.number()
    else this.literal()
    return false
  }

  private literal(): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length
        return
      }
    }
    this.fail('expected a value (an object, array, string, number, true, false or null)')
  }

  /**
   * After a value inside the innermost container: its end (false: the container is complete), or
   * a comma and, in an object, the next property name (true: a value comes next).
   */
  private afterValue(stack: Frame[]): boolean {
    const frame = stack[stack.length - 1]
    this.skipSpace()
    const char = this.text[this.at]
    if (char === (frame === 'object' ? '}' : ']')) {
      this.at++
      stack.pop()
      return false
    }
    if (char !== ',') {
      this.fail(
        frame === 'object'
          ? `expected ',' or '}' after a property value`
          : `expected ',' or ']' after an array element`
      )
    }
    this.at++
    if (frame === 'object') this.member()
    return true
  }

  /** A property name and its colon. */
  private member(): void {
    this.skipSpace()
    if (this.text[this.at] !== '"') this.fail('expected a property name in double quotes')
    this.string()
    this.skipSpace()
    if (this.text[this.at] !== ':') this.fail(`expected ':' after a property name`)
    this.at++
  }

  private string(): void {
    this.at++
    for (;;) {
      if (this.at >= this.text.length) this.fail('a string is not closed')
      const code = this.text.charCodeAt(this.at)
      if (code === 0x22) {
        this.at++
        return
      }
      if (code < 0x20) this.fail('a string holds a control character (such as a line break)')
      if (code === 0x5c) {
        const escape = this.text[this.at + 1]
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
            this.fail('a \\u escape needs four hexadecimal digits')
          }
          this.at += 6
          continue
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          this.fail('a string holds an invalid escape sequence')
        }
        this.at += 2
        continue
      }
      this.at++
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.at
    const match = NUMBER.exec(this.text)
    if (match === null) this.fail('a number is malformed')
    this.at += match[0].length
    const next = this.text[this.at]
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail('a number is malformed')
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y
