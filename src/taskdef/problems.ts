import { UserError } from '../shared/errors.js'

/** Something wrong in a task definition, at a JSON path such as `$.containerDefinitions[0].image`. */
export interface Problem {
  path: string
  message: string
  /** A key the RegisterTaskDefinition model (as bundled) does not have. */
  unknownKey?: true
}

/** One error for every problem found, so a user fixes them all in one round trip. */
export class TaskDefinitionError extends UserError {
  constructor(
    readonly problems: Problem[],
    source: string
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
    super(
      `The task definition from ${source} has ${count}:\n` +
        problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n')
    )
    this.name = 'TaskDefinitionError'
  }
}
