import { describe, expect, it } from '@jest/globals'
import {
  COMMAND_FORMS,
  CommandSyntaxError,
  commandFromInput,
  parseCommandLine,
  splitShellWords
} from '../../src/shared/shell-words.js'
import { InputError } from '../../src/shared/errors.js'

describe('splitShellWords', () => {
  it('splits on blanks, keeping quoted blanks, like a POSIX shell without expansion', () => {
    expect(splitShellWords(`npm run migrate -- --to "v 2" 'a b'`)).toEqual([
      'npm',
      'run',
      'migrate',
      '--',
      '--to',
      'v 2',
      'a b'
    ])
    expect(splitShellWords(`sh -c 'echo $HOME && ls'`)).toEqual(['sh', '-c', 'echo $HOME && ls'])
    expect(splitShellWords('  a \t b\n c  ')).toEqual(['a', 'b', 'c'])
    expect(splitShellWords('')).toEqual([])
  })

  it('joins quoted parts to the word around them', () => {
    expect(splitShellWords('migrate --to="v 2"')).toEqual(['migrate', '--to=v 2'])
    expect(splitShellWords(`a'b c'"d e"f`)).toEqual(['ab cd ef'])
    expect(splitShellWords('node "a b" c\\ d ""')).toEqual(['node', 'a b', 'c d', ''])
  })

  it('escapes with a backslash outside quotes, and inside double quotes only " \\ $ `', () => {
    expect(splitShellWords('a\\"b \\\\ \\x')).toEqual(['a"b', '\\', 'x'])
    expect(splitShellWords('"say \\"hi\\" \\$HOME \\n"')).toEqual(['say "hi" $HOME \\n'])
    expect(splitShellWords(`'no \\escape'`)).toEqual(['no \\escape'])
    expect(splitShellWords('one\\\ntwo')).toEqual(['onetwo'])
    expect(splitShellWords('trailing\\')).toEqual(['trailing\\'])
  })

  it('refuses an unclosed quote, saying which', () => {
    expect(() => splitShellWords('echo "oops')).toThrow(new CommandSyntaxError('unclosed " quote'))
    expect(() => splitShellWords("it's")).toThrow("unclosed ' quote")
    expect(() => splitShellWords('npm run "migrate')).toThrow(CommandSyntaxError)
  })
})

describe('parseCommandLine', () => {
  it('takes a JSON array of strings as is', () => {
    expect(parseCommandLine(' ["sh", "-c", "echo \\"hi\\""] ')).toEqual(['sh', '-c', 'echo "hi"'])
    expect(parseCommandLine('[]')).toEqual([])
  })

  it('reads any text starting with [ as JSON', () => {
    expect(() => parseCommandLine('["npm", "run",')).toThrow(/^not a valid JSON array \(/)
    expect(() => parseCommandLine('[npm run migrate]')).toThrow('not a valid JSON array')
    expect(() => parseCommandLine('[1, 2]')).toThrow('a JSON command must be an array of strings')
  })

  it('splits anything else into shell words', () => {
    expect(parseCommandLine('npm start')).toEqual(['npm', 'start'])
  })
})

describe('commandFromInput', () => {
  it('names the input, where the command sits, and the accepted forms', () => {
    const read = () => commandFromInput('npm "start', 'containers', { where: 'app.command' })
    expect(read).toThrow(InputError)
    expect(read).toThrow(`Input "containers": app.command: unclosed " quote. ${COMMAND_FORMS}`)
    expect(() => commandFromInput('[1]', 'pre-deploy-command')).toThrow(
      `Input "pre-deploy-command": a JSON command must be an array of strings. ${COMMAND_FORMS}`
    )
  })

  it('refuses no words only for a command that must run', () => {
    expect(commandFromInput('[]', 'command')).toEqual([])
    expect(() => commandFromInput('[]', 'pre-deploy-command', { required: true })).toThrow(
      'Input "pre-deploy-command": the command is empty.'
    )
    expect(() => commandFromInput('""', 'pre-deploy-command', { required: true })).not.toThrow()
  })
})
