import { describe, expect, it } from '@jest/globals'
import {
  alert,
  blocks,
  code,
  codeBlock,
  details,
  escapeText,
  hiddenMarker,
  link,
  md,
  table
} from '../../src/report/markdown.js'

describe('markdown builder', () => {
  it('builds a GitHub alert whose text is escaped and cannot leave the quote', () => {
    expect(alert('warning', 'Not rolled back: <b>x</b> *y*')).toBe(
      '> [!WARNING]\n> Not rolled back: &lt;b&gt;x&lt;/b&gt; \\*y\\*'
    )
    expect(alert('note', md('line one\n\n# not a heading'))).toBe(
      '> [!NOTE]\n> line one\n>\n> # not a heading'
    )
  })

  it('escapes HTML and markdown in user text', () => {
    expect(escapeText('<script>alert(1)</script> *bold* | pipe')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\| pipe'
    )
    expect(escapeText('line one\nline two')).toBe('line one line two')
  })

  it('keeps a table intact whatever the cells hold', () => {
    const rendered = table(
      ['image', 'note'],
      [
        ['repo|x', '<b>hi</b>'],
        [md(code('a|b')), 'ok']
      ]
    )
    const rows = rendered.split('\n')
    expect(rows).toHaveLength(4)
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(4)
    expect(rendered).not.toContain('<b>')
  })

  it('fences code longer than any backtick run inside it', () => {
    expect(code('a`b')).toBe('``a`b``')
    expect(codeBlock('x ``` y', 'text')).toBe('````text\nx ``` y\n````')
  })

  it('builds links, details and markers that cannot be broken out of', () => {
    expect(link('console', 'https://console.aws.amazon.com/ecs/v2/clusters/a (b)')).toBe(
      '[console](https://console.aws.amazon.com/ecs/v2/clusters/a%20%28b%29)'
    )
    expect(details('Log <tail>', 'body')).toBe(
      '<details><summary>Log &lt;tail&gt;</summary>\n\nbody\n\n</details>'
    )
    expect(hiddenMarker('cost:banana-cluster/banana-front-service --> <x>')).toBe(
      '<!-- ecs-actions:cost:banana-cluster/banana-front-service_-___x_ -->'
    )
    expect(blocks('a', undefined, '', false, 'b')).toBe('a\n\nb\n')
  })

  it('escapes HTML, not markdown, inside <summary>, where GitHub reads no markdown', () => {
    expect(details('Log of task_runner (`web` * 2) & <x>', 'b')).toBe(
      '<details><summary>Log of task_runner (`web` * 2) &amp; &lt;x&gt;</summary>\n\nb\n\n</details>'
    )
  })

  it('nests blocks without piling up blank lines', () => {
    expect(blocks(blocks('a', 'b'), '', blocks('c'))).toBe('a\n\nb\n\nc\n')
  })
})

describe('escapeText: mentions', () => {
  it('breaks every @mention with a zero-width space, so no user or team is pinged', () => {
    expect(escapeText('@octocat and @org/team, (@x)')).toBe(
      '@&#8203;octocat and @&#8203;org/team, (@&#8203;x)'
    )
    // Not mentions: an image pinned by digest, an e-mail address.
    expect(escapeText('web@sha256:abc ops@example.com')).toBe('web@sha256:abc ops@example.com')
  })
})
