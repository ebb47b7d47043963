// The least a push to ECR does before its first AWS call: build an ECR client and ask for the
// registry login (amazon-ecr-login's first call too).
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { input, region, reportFailure } from './input.js'

if (input('repository') === '') throw new Error('repository: required')
const ecr = new ECRClient({ region: region() })
await reportFailure(ecr.send(new GetAuthorizationTokenCommand({})))
