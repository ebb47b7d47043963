// Every emulated service. Each entry builds a service module around the shared sandbox state.

import type { ServiceFactory } from '../sandbox.js'
import { autoscalingService } from './autoscaling.js'
import { cloudwatchService } from './cloudwatch.js'
import { codedeployService } from './codedeploy.js'
import { createEcrService } from './ecr.js'
import { ecsService } from './ecs.js'
import { createEc2Service } from './ec2.js'
import { elbv2Service } from './elbv2.js'
import { createIamService } from './iam.js'
import { logsService } from './logs.js'
import { createPricingService } from './pricing.js'
import { createSecretsManagerService } from './secretsmanager.js'
import { createSsmService } from './ssm.js'
import { createStsService } from './sts.js'

export const serviceFactories: ServiceFactory[] = [
  (sandbox) => createEcrService(sandbox),
  createStsService,
  createIamService,
  createSecretsManagerService,
  createSsmService,
  createPricingService,
  ecsService,
  createEc2Service,
  elbv2Service,
  logsService,
  cloudwatchService,
  autoscalingService,
  codedeployService
]
