import type { CommandOptions, CommandResult, CommandRunner } from '../../src/shared/command.js'

export interface Call {
  tool: string
  args: string[]
  options: CommandOptions
}

type Reply = (call: Call) => Partial<CommandResult> | Promise<Partial<CommandResult>>

/** A command runner that records calls and answers from a handler (unit tests only). */
export function fakeRunner(reply: Reply = () => ({})): { run: CommandRunner; calls: Call[] } {
  const calls: Call[] = []
  const run: CommandRunner = async (tool, args, options = {}) => {
    const call = { tool, args: [...args], options }
    calls.push(call)
    const answer = await reply(call)
    return { exitCode: 0, stdout: '', stderr: '', ...answer }
  }
  return { run, calls }
}
