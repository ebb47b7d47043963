// The rollout timeline is checked with Mermaid's own parser, as GitHub renders it: a label that
// breaks the syntax or a date Mermaid reads differently fails here, not on a reader's page.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cutOnWord, mermaidLabel, rolloutTimeline } from '../../src/ecs/report/timeline.js'

interface GanttTask {
  task: string
  startTime: Date
  endTime: Date
  milestone?: boolean
  section: string
}

interface Mermaid {
  parse(text: string): Promise<unknown>
  mermaidAPI: {
    getDiagramFromText(text: string): Promise<{ db: { getTasks(): GanttTask[] } }>
  }
}

interface Dom {
  window: { document: unknown; close(): void }
}

// Loaded by a name in a variable: jsdom's types declare the browser's globals (fetch, Response…)
// over Node's for the whole project, so they are not installed.
const JSDOM_MODULE = 'jsdom'
let mermaid: Mermaid
let dom: Dom

beforeAll(async () => {
  const { JSDOM } = (await import(JSDOM_MODULE)) as { JSDOM: new (html: string) => Dom }
  dom = new JSDOM('<!doctype html><html><body></body></html>')
  // Mermaid sanitises titles and labels with DOMPurify, which needs a DOM.
  Object.assign(globalThis, { window: dom.window, document: dom.window.document })
  mermaid = ((await import('mermaid')) as unknown as { default: Mermaid }).default
})

afterAll(() => {
  // Jest's clean-up walks the globals a test left, and a window refers to itself without end.
  const globals = globalThis as { window?: unknown; document?: unknown }
  delete globals.window
  delete globals.document
  dom.window.close()
})

/** The fenced chart's body, parsed by Mermaid, with the tasks its Gantt model computes. */
async function ganttTasks(markdown: string): Promise<GanttTask[]> {
  const body = /^```mermaid\n([\s\S]*)\n```$/.exec(markdown)?.[1]
  if (body === undefined) throw new Error(`not a mermaid block: ${markdown}`)
  await expect(mermaid.parse(body)).resolves.toMatchObject({ diagramType: 'gantt' })
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(body)
  return diagram.db.getTasks()
}

const T0 = Date.parse('2026-05-04T10:00:00Z')

describe('rollout timeline (Mermaid gantt)', () => {
  it('places every milestone at its real time, so distances are proportional', async () => {
    const tasks = await ganttTasks(
      rolloutTimeline('banana-front-service banana-front:7', [
        { at: T0, label: 'deployment of banana-front:7 started' },
        { at: T0 + 12_000, label: 'first task running' },
        { at: T0 + 95_000, label: 'failed' },
        { at: T0 + 100_000, label: 'deployment of banana-front:6 started', section: 'Rollback' },
        { at: T0 + 160_000, label: 'succeeded', section: 'Rollback' }
      ])
    )
    const milestones = tasks.filter((task) => task.milestone === true)
    expect(milestones.map((task) => [task.task.trim(), task.startTime.getTime() - T0])).toEqual([
      ['deployment of banana-front 7 started', 0],
      ['first task running', 12_000],
      ['failed', 95_000],
      ['deployment of banana-front 6 started', 100_000],
      ['succeeded', 160_000]
    ])
    // One bar per section, from its first milestone to its last.
    const bars = tasks.filter((task) => task.milestone !== true)
    expect(
      bars.map((bar) => [bar.section, bar.startTime.getTime() - T0, bar.endTime.getTime() - T0])
    ).toEqual([
      ['Rollout', 0, 95_000],
      ['Rollback', 100_000, 160_000]
    ])
  })

  it('survives labels made of Mermaid syntax, and cuts long ones on a word boundary', async () => {
    const hostile =
      'failed: CannotPullContainerError; #1 {x} [y] "z", 100% <b> `c` pull image manifest has been retried 5 time(s)\nnext'
    const tasks = await ganttTasks(
      rolloutTimeline('t: #;', [
        { at: T0, label: hostile },
        { at: T0 + 1_000, label: 'x'.repeat(200) }
      ])
    )
    const labels = tasks.filter((task) => task.milestone === true).map((task) => task.task.trim())
    expect(labels[0]).toBe('failed CannotPullContainerError 1 x y z 100 b c…')
    expect(labels[1]).toBe(`${'x'.repeat(48)}…`)
  })

  it('cuts on the last space before the limit', () => {
    expect(cutOnWord('first task stopped image pull failed again', 20)).toBe('first task stopped…')
    expect(cutOnWord('short', 20)).toBe('short')
    expect(mermaidLabel('a: b\nc')).toBe('a b c')
  })
})
