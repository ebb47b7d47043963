import { describe, expect, it } from '@jest/globals'
import { parseContainersSpec } from '../../src/taskdef/container-spec.js'

describe('parseContainersSpec', () => {
  it('reads YAML with several containers', () => {
    const spec = parseContainersSpec(
      [
        'app:',
        '  image: repo/app:2',
        '  environment: { PORT: 8080, DEBUG: false, OLD: null, URL: "a=b" }',
        '  environment-mode: replace',
        '  dockerLabels: { team: banana }',
        'worker:',
        '  image: repo/worker:2',
        '  secrets: [ "DB=arn:aws:ssm:eu-west-3:123456789012:parameter/db" ]',
        '  command: [node, worker.js]',
        '  log-driver: awslogs',
        '  log-options: { awslogs-stream-prefix: worker }'
      ].join('\n'),
      'containers'
    )
    expect(spec.get('app')).toEqual({
      origin: 'containers',
      image: 'repo/app:2',
      environment: new Map([
        ['PORT', '8080'],
        ['DEBUG', 'false'],
        ['OLD', null],
        ['URL', 'a=b']
      ]),
      environmentMode: 'replace',
      dockerLabels: new Map([['team', 'banana']])
    })
    expect(spec.get('worker')).toEqual({
      origin: 'containers',
      image: 'repo/worker:2',
      secrets: new Map([['DB', 'arn:aws:ssm:eu-west-3:123456789012:parameter/db']]),
      command: ['node', 'worker.js'],
      logConfiguration: {
        driver: 'awslogs',
        options: new Map([['awslogs-stream-prefix', 'worker']])
      }
    })
  })

  it('reads JSON too, and nothing from an empty input', () => {
    expect(parseContainersSpec('{"app": {"image": "x:1"}}', 'containers').get('app')?.image).toBe(
      'x:1'
    )
    expect(parseContainersSpec('', 'containers').size).toBe(0)
  })

  it('names the input, the container and the field in errors', () => {
    expect(() => parseContainersSpec('app: [1]', 'containers')).toThrow(
      'Input "containers": app: must be a mapping of changes'
    )
    expect(() =>
      parseContainersSpec('app:\n  secrets: { A: "s3://bucket" }', 'containers')
    ).toThrow(/^Input "containers": app: secret A: not a Secrets Manager or SSM parameter ARN/)
    expect(() =>
      parseContainersSpec('app:\n  secrets: { A: "pa55word-s3cr3t" }', 'containers')
    ).not.toThrow(/s3cr3t/)
    expect(() =>
      parseContainersSpec('app:\n  environment: ["OK=1", "s3cr3t-line"]', 'containers')
    ).toThrow('Input "containers": app.environment: item 2 is not NAME=value')
    expect(() =>
      parseContainersSpec('app:\n  environment: ["OK=1", "s3cr3t-line"]', 'containers')
    ).not.toThrow(/s3cr3t/)
    expect(() => parseContainersSpec('app:\n  log-driver: syslogd', 'containers')).toThrow(
      'Input "containers": app: log-driver must be one of'
    )
    expect(() => parseContainersSpec('app: {', 'containers')).toThrow(
      /^Input "containers": not valid YAML or JSON/
    )
  })
})

describe('a command line in the containers document', () => {
  it('is split by the shared shell-word splitter, quotes inside a word included', () => {
    const spec = parseContainersSpec(`app:\n  command: migrate --to="v 2" 'a b'`, 'containers')
    expect(spec.get('app')?.command).toEqual(['migrate', '--to=v 2', 'a b'])
    expect(
      parseContainersSpec(`app:\n  command: '["npm", "start"]'`, 'containers').get('app')?.command
    ).toEqual(['npm', 'start'])
  })

  it('names the input and the container when a quote is left open', () => {
    expect(() => parseContainersSpec(`app:\n  command: echo "oops`, 'containers')).toThrow(
      'Input "containers": app.command: unclosed " quote.'
    )
  })
})
