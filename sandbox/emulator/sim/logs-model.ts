// CloudWatch Logs groups and streams holding what emulated containers print.

export interface LogEvent {
  timestamp: number
  message: string
  ingestionTime: number
}

export interface LogStream {
  name: string
  arn: string
  createdAt: number
  events: LogEvent[]
}

export interface LogGroup {
  name: string
  arn: string
  createdAt: number
  retentionInDays?: number
  streams: Map<string, LogStream>
  tags: Record<string, string>
}

export class LogsState {
  readonly groups = new Map<string, LogGroup>()

  createGroup(name: string, region: string, accountId: string, now: number): LogGroup {
    const group: LogGroup = {
      name,
      arn: `arn:aws:logs:${region}:${accountId}:log-group:${name}`,
      createdAt: now,
      streams: new Map(),
      tags: {}
    }
    this.groups.set(name, group)
    return group
  }

  createStream(group: LogGroup, name: string, now: number): LogStream {
    const stream: LogStream = {
      name,
      arn: `${group.arn}:log-stream:${name}`,
      createdAt: now,
      events: []
    }
    group.streams.set(name, stream)
    return stream
  }

  /** Appends lines one millisecond apart, the way a container flushing stdout would. */
  write(stream: LogStream, lines: string[], at: number): void {
    lines.forEach((message, index) => {
      const timestamp = at + index
      stream.events.push({ timestamp, message, ingestionTime: timestamp + 150 })
    })
  }
}
