import { describe, expect, it } from '@jest/globals'
import { onSecretRegistered, redactSecrets, registerSecret } from '../../src/shared/secrets.js'
import {
  registerTaskDefinitionSecrets,
  taskDefinitionSecretValues
} from '../../src/shared/task-definition-secrets.js'

const definition = {
  family: 'banana-front',
  containerDefinitions: [
    {
      name: 'app',
      environment: [
        { name: 'DATABASE_URL', value: 'postgres://app:registry-canary@db/app' },
        { name: 'DEBUG', value: 'true' }
      ],
      secrets: [{ name: 'API_KEY', valueFrom: 'arn:aws:secretsmanager:eu-west-3:1:secret:k' }],
      logConfiguration: {
        logDriver: 'splunk',
        options: { 'splunk-token': 'splunk-canary-token', 'splunk-url': 'https://splunk:8088' }
      }
    }
  ]
}

describe('the run-wide secrets registry', () => {
  it('finds environment values and credential-like log options, not secret references', () => {
    expect(taskDefinitionSecretValues(definition)).toEqual([
      'postgres://app:registry-canary@db/app',
      // The password of a URL: apps print it on its own.
      'registry-canary',
      'true',
      'splunk-canary-token'
    ])
    // A percent-encoded password is registered as written and decoded.
    expect(
      taskDefinitionSecretValues({
        environment: [{ name: 'U', value: 'https://u:p%40ss-word@h/x' }]
      })
    ).toEqual(['https://u:p%40ss-word@h/x', 'p%40ss-word', 'p@ss-word'])
    // DescribeTasks: overrides carry environment too.
    expect(
      taskDefinitionSecretValues({
        tasks: [
          { overrides: { containerOverrides: [{ environment: [{ name: 'X', value: 'ov' }] }] } }
        ]
      })
    ).toEqual(['ov'])
  })

  it('redacts what was registered, and tells every listener, including late ones', () => {
    const early: string[] = []
    const stop = onSecretRegistered((value) => early.push(value))
    registerTaskDefinitionSecrets(definition)
    registerSecret('ghs_registry_token')
    registerSecret(undefined)
    const late: string[] = []
    onSecretRegistered((value) => late.push(value))
    stop()
    registerSecret('after-stop-value')

    expect(early).toEqual([
      'postgres://app:registry-canary@db/app',
      'registry-canary',
      'splunk-canary-token',
      'ghs_registry_token'
    ])
    // The early listener stopped listening; the late one got the earlier values replayed.
    expect(late).toEqual([...early, 'after-stop-value'])
    expect(
      redactSecrets(
        'connect postgres://app:registry-canary@db/app with splunk-canary-token as ghs_registry_token; DEBUG=true'
      )
    ).toBe('connect *** with *** as ***; DEBUG=true')
    expect(redactSecrets('arn:aws:secretsmanager:eu-west-3:1:secret:k')).toBe(
      'arn:aws:secretsmanager:eu-west-3:1:secret:k'
    )
  })
})
