// CodeDeploy (awsJson1_1, CodeDeploy_20141006) for ECS blue/green: applications, deployment
// groups, deployments driven by an AppSpec, GetDeployment, StopDeployment.

import type { ServiceFactory } from '../sandbox.js'
import type { CodeDeployDeployment, DeploymentGroup } from '../sim/codedeploy-model.js'
import { newCodeDeployId, revert, runDeployment } from '../sim/codedeploy-run.js'
import { newUuid } from '../sim/ids.js'
import { worldOf } from '../sim/world.js'
import { AwsError, type Operation } from '../types.js'
import { appSpecHooks, appSpecTarget } from './codedeploy-appspec.js'
import { deploymentInfo } from './codedeploy-views.js'
import { findTaskDefinition } from './ecs-lookup.js'
import {
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredString,
  stringList,
  type Input
} from './params.js'

const date = (ms: number | undefined): Date | undefined =>
  ms === undefined ? undefined : new Date(ms)

// The predefined ECS deployment configurations (CodeDeploy user guide, "Deployment configurations
// on an Amazon ECS compute platform", read 2026-12); the sandbox has no custom ones.
const ECS_DEPLOYMENT_CONFIGS = new Set([
  'CodeDeployDefault.ECSAllAtOnce',
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
  'CodeDeployDefault.ECSCanary10Percent5Minutes',
  'CodeDeployDefault.ECSCanary10Percent15Minutes'
])

export const codedeployService: ServiceFactory = (sandbox) => {
  const world = worldOf(sandbox)
  const state = world.codedeploy

  const application = (name: string) => {
    const found = state.applications.get(name)
    if (!found)
      throw new AwsError(
        'ApplicationDoesNotExistException',
        `No application found for name: ${name}`
      )
    return found
  }
  const group = (applicationName: string, name: string): DeploymentGroup => {
    application(applicationName)
    const found = state.groups.get(`${applicationName}/${name}`)
    if (!found)
      throw new AwsError(
        'DeploymentGroupDoesNotExistException',
        `No Deployment Group found for name: ${name}`
      )
    return found
  }
  const deploymentOf = (input: Input): CodeDeployDeployment => {
    const id = requiredString(
      input,
      'deploymentId',
      () => new AwsError('DeploymentIdRequiredException', 'Deployment ID is required')
    )
    const found = state.deployments.get(id)
    if (!found)
      throw new AwsError('DeploymentDoesNotExistException', `Deployment ${id} does not exist`)
    return found
  }

  const operations: Record<string, Operation> = {
    CreateApplication: (input) => {
      const name = requiredString(
        input,
        'applicationName',
        () => new AwsError('ApplicationNameRequiredException', 'Application name is required')
      )
      if (state.applications.has(name)) {
        throw new AwsError(
          'ApplicationAlreadyExistsException',
          `Application ${name} already exists`
        )
      }
      const id = newUuid()
      state.applications.set(name, {
        name,
        id,
        computePlatform: optionalString(input, 'computePlatform') ?? 'Server',
        createTime: world.now()
      })
      return { applicationId: id }
    },
    GetApplication: (input) => {
      const found = application(requiredString(input, 'applicationName'))
      return {
        application: {
          applicationId: found.id,
          applicationName: found.name,
          createTime: date(found.createTime),
          linkedToGitHub: false,
          computePlatform: found.computePlatform
        }
      }
    },
    CreateDeploymentGroup: (input) => {
      const applicationName = requiredString(input, 'applicationName')
      application(applicationName)
      const name = requiredString(input, 'deploymentGroupName')
      if (state.groups.has(`${applicationName}/${name}`)) {
        throw new AwsError(
          'DeploymentGroupAlreadyExistsException',
          `A deployment group named ${name} already exists for application ${applicationName}`
        )
      }
      const ecsServices =
        (input.ecsServices as { serviceName?: string; clusterName?: string }[] | undefined) ?? []
      const target = ecsServices[0]
      if (!target?.serviceName || !target.clusterName) {
        throw new AwsError(
          'ECSServiceMappingLimitExceededException',
          'An ECS deployment group needs exactly one ECS service.'
        )
      }
      const id = newUuid()
      state.groups.set(`${applicationName}/${name}`, {
        applicationName,
        name,
        id,
        body: { ...input, deploymentGroupId: id },
        clusterName: target.clusterName,
        serviceName: target.serviceName
      })
      return { deploymentGroupId: id }
    },
    GetDeploymentGroup: (input) => {
      const found = group(
        requiredString(input, 'applicationName'),
        requiredString(input, 'deploymentGroupName')
      )
      return { deploymentGroupInfo: { ...found.body, computePlatform: 'ECS' } }
    },
    CreateDeployment: (input) => {
      const applicationName = requiredString(input, 'applicationName')
      const deploymentGroup = group(
        applicationName,
        requiredString(
          input,
          'deploymentGroupName',
          () =>
            new AwsError(
              'DeploymentGroupNameRequiredException',
              'Deployment Group name is required'
            )
        )
      )
      const revision = optionalObject(input, 'revision')
      const target = appSpecTarget(revision)
      const deploymentConfigName = optionalString(input, 'deploymentConfigName')
      if (deploymentConfigName !== undefined && !ECS_DEPLOYMENT_CONFIGS.has(deploymentConfigName))
        throw new AwsError(
          'DeploymentConfigDoesNotExistException',
          `No deployment configuration found for name: ${deploymentConfigName}`
        )
      const definition = findTaskDefinition(world, String(target.TaskDefinition))
      if (!definition)
        throw new AwsError(
          'InvalidRevisionException',
          `The task definition ${target.TaskDefinition} does not exist.`
        )
      const cluster = world.ecs.clusters.get(deploymentGroup.clusterName)
      const service = [...world.ecs.services.values()].find(
        (candidate) =>
          candidate.clusterArn === cluster?.arn &&
          candidate.name === deploymentGroup.serviceName &&
          candidate.status === 'ACTIVE'
      )
      if (!service)
        throw new AwsError(
          'InvalidECSServiceException',
          `The ECS service ${deploymentGroup.serviceName} does not exist.`
        )
      const autoRollback =
        (deploymentGroup.body.autoRollbackConfiguration as { enabled?: boolean } | undefined)
          ?.enabled === true
      const deployment: CodeDeployDeployment = {
        id: newCodeDeployId(),
        applicationName,
        groupName: deploymentGroup.name,
        status: 'Created',
        createTime: world.now(),
        creator: 'user',
        revision: revision ?? {},
        description: optionalString(input, 'description'),
        deploymentConfigName,
        hooks: appSpecHooks(revision),
        serviceArn: service.arn,
        previousTaskDefinition: service.taskDefinition,
        targetTaskDefinition: definition.arn,
        autoRollback
      }
      state.deployments.set(deployment.id, deployment)
      runDeployment(world, state, deployment)
      return { deploymentId: deployment.id }
    },
    GetDeployment: (input) => ({ deploymentInfo: deploymentInfo(state, deploymentOf(input)) }),
    BatchGetDeployments: (input) => ({
      deploymentsInfo: stringList(input, 'deploymentIds')
        .map((id) => state.deployments.get(id))
        .filter((deployment): deployment is CodeDeployDeployment => deployment !== undefined)
        .map((deployment) => deploymentInfo(state, deployment))
    }),
    StopDeployment: (input) => {
      const deployment = deploymentOf(input)
      if (['Succeeded', 'Failed', 'Stopped'].includes(deployment.status)) {
        throw new AwsError(
          'DeploymentAlreadyCompletedException',
          `Deployment ${deployment.id} has already completed.`
        )
      }
      deployment.status = 'Stopped'
      deployment.completeTime = world.now()
      deployment.errorInformation = {
        code: 'DEPLOYMENT_STOPPED',
        message: 'The deployment was stopped by the user.'
      }
      deployment.autoRollback =
        optionalBoolean(input, 'autoRollbackEnabled') ?? deployment.autoRollback
      revert(
        world,
        state,
        deployment,
        'Automatic rollback triggered by user request to stop the deployment'
      )
      return { status: 'Pending', statusMessage: 'Stop deployment request submitted' }
    }
  }

  return {
    signingName: 'codedeploy',
    protocol: 'json',
    targetPrefix: 'CodeDeploy_20141006',
    operations
  }
}
