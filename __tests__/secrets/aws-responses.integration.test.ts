// Every client made by createClient registers what AWS sends back that must stay secret: the
// environment of each task definition read (whichever code path reads it) and ECR tokens.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import {
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
import { startEmulator, type RunningEmulator } from '../../sandbox/emulator/emulator.js'
import { createClient } from '../../src/shared/aws.js'
import { redactSecrets } from '../../src/shared/secrets.js'

const REGION = 'eu-west-3'
const credentials = { accessKeyId: 'AKIDSECRETS', secretAccessKey: 'secrets-test' }
const ENV_CANARY = 'aws-response-env-canary-81d2'
const ECR_PASSWORD = 'ecr-token-canary-5e9a'

let emulator: RunningEmulator
const saved = { ...process.env }

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, ecrToken: ECR_PASSWORD })
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true'
  })
  // Registered by a plain client: nothing of this package has seen the value yet.
  await new ECSClient({ region: REGION, endpoint: emulator.url, credentials }).send(
    new RegisterTaskDefinitionCommand({
      family: 'secrets-probe',
      containerDefinitions: [
        {
          name: 'app',
          image: 'nginx',
          memory: 128,
          environment: [{ name: 'DATABASE_URL', value: `postgres://db/${ENV_CANARY}` }]
        }
      ]
    })
  )
})

afterAll(async () => {
  process.env = saved
  await emulator?.close()
})

describe('createClient', () => {
  it('registers the environment values of a task definition as soon as it is described', async () => {
    expect(redactSecrets(ENV_CANARY)).toBe(ENV_CANARY)
    const ecs = createClient(ECSClient, { region: REGION })
    await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'secrets-probe' }))
    expect(redactSecrets(`url postgres://db/${ENV_CANARY}`)).toBe('url ***')
  })

  it('registers the ECR token and the password inside it', async () => {
    const ecr = createClient(ECRClient, { region: REGION })
    const response = await ecr.send(new GetAuthorizationTokenCommand({}))
    const token = response.authorizationData?.[0]?.authorizationToken ?? ''
    expect(Buffer.from(token, 'base64').toString('utf8')).toContain(ECR_PASSWORD)
    expect(redactSecrets(`login ${token} / ${ECR_PASSWORD}`)).toBe('login *** / ***')
  })
})
