import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { buildAppSpec, loadAppSpec } from '../../src/ecs/appspec.js'
import { parseAppSpec } from '../../src/ecs/appspec-file.js'

const ARN = 'arn:aws:ecs:eu-west-3:123456789012:task-definition/banana-front:7'
const service: Service = {
  serviceName: 'banana-bg-service',
  platformVersion: 'LATEST',
  loadBalancers: [{ targetGroupArn: 'arn:tg', containerName: 'banana-front', containerPort: 80 }]
}
const definition: TaskDefinition = {
  taskDefinitionArn: ARN,
  family: 'banana-front',
  containerDefinitions: [{ name: 'banana-front' }, { name: 'envoy' }]
}

const YAML_SPEC = `version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: <TASK_DEFINITION>
        LoadBalancerInfo:
          ContainerName: "envoy"
          ContainerPort: "8080"
Hooks:
  - BeforeInstall: "LambdaFunctionToValidateBeforeInstall"
  - AfterAllowTestTraffic: "arn:aws:lambda:eu-west-3:123456789012:function:smoke"
`

describe('buildAppSpec', () => {
  it('builds the AppSpec from the service when there is no file', () => {
    const built = buildAppSpec(undefined, service, definition)
    expect(JSON.parse(built.content)).toEqual({
      version: '0.0',
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: ARN,
              LoadBalancerInfo: { ContainerName: 'banana-front', ContainerPort: 80 },
              PlatformVersion: 'LATEST'
            }
          }
        }
      ]
    })
    expect(built.hooks).toEqual([])
    expect(built.source).toBe("the service's load balancer")
  })

  it("keeps a YAML file's hooks and load balancer, and sets the revision just registered", () => {
    const built = buildAppSpec(parseAppSpec(YAML_SPEC, 'appspec.yaml'), service, definition)
    const content = JSON.parse(built.content)
    expect(content.Resources[0].TargetService.Properties).toEqual({
      TaskDefinition: ARN,
      LoadBalancerInfo: { ContainerName: 'envoy', ContainerPort: 8080 },
      PlatformVersion: 'LATEST'
    })
    expect(content.Hooks).toEqual([
      { BeforeInstall: 'LambdaFunctionToValidateBeforeInstall' },
      { AfterAllowTestTraffic: 'arn:aws:lambda:eu-west-3:123456789012:function:smoke' }
    ])
    expect(built.hooks).toEqual([
      { event: 'BeforeInstall', functionName: 'LambdaFunctionToValidateBeforeInstall' },
      {
        event: 'AfterAllowTestTraffic',
        functionName: 'arn:aws:lambda:eu-west-3:123456789012:function:smoke'
      }
    ])
    expect(built.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('matches keys without regard to case, as aws-actions does (JSON file)', () => {
    const file = parseAppSpec(
      JSON.stringify({
        version: 0.0,
        resources: [{ app: { type: 'AWS::ECS::Service', properties: { taskDefinition: 'x' } } }]
      }),
      'appspec.json'
    )
    const content = JSON.parse(buildAppSpec(file, service, definition).content)
    expect(content.version).toBe('0.0')
    expect(content.resources[0].app.properties.taskDefinition).toBe(ARN)
    expect(content.resources[0].app.properties.LoadBalancerInfo).toEqual({
      ContainerName: 'banana-front',
      ContainerPort: 80
    })
  })

  it.each([
    [
      `version: 0.0\nResources: []\n`,
      'Input "codedeploy-appspec": "appspec.yaml": Resources: must be a list with one AWS::ECS::Service resource.'
    ],
    [
      YAML_SPEC.replace('BeforeInstall', 'BeforeInstal'),
      'Input "codedeploy-appspec": "appspec.yaml": Hooks[0]: its event is not an ECS lifecycle event; use one of BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic.'
    ],
    [
      YAML_SPEC.replace('"envoy"', '"web"'),
      'Input "codedeploy-appspec": "appspec.yaml": Resources[0].TargetService.Properties.LoadBalancerInfo.ContainerName: is not a container of banana-front (it has: banana-front, envoy).'
    ],
    [
      YAML_SPEC.replace('"8080"', 'http'),
      'Resources[0].TargetService.Properties.LoadBalancerInfo.ContainerPort: is not a port number (1 to 65535).'
    ],
    [YAML_SPEC.replace('version: 0.0', 'version: 1.0'), '"appspec.yaml": version: must be 0.0'],
    [
      `${YAML_SPEC}  - BeforeInstall: other\n`,
      'Hooks[2].BeforeInstall: BeforeInstall is given twice.'
    ]
  ])('refuses a bad AppSpec with the JSON path: %#', (text, message) => {
    expect(() => buildAppSpec(parseAppSpec(text, 'appspec.yaml'), service, definition)).toThrow(
      message
    )
  })

  it('says where YAML breaks without quoting the file', () => {
    expect(() => parseAppSpec('Resources: [\n  - {', 'appspec.yaml')).toThrow(
      /^Input "codedeploy-appspec": "appspec.yaml" is not valid YAML or JSON at line \d+, column \d+\.$/
    )
  })
})

describe('loadAppSpec', () => {
  it('reads the default appspec.yaml only when it exists, and a named file always', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'appspec-'))
    const roots = { workspace, runnerTemp: workspace }
    expect(await loadAppSpec(undefined, roots)).toBeUndefined()
    await expect(loadAppSpec('deploy/appspec.yml', roots)).rejects.toThrow(
      'Input "codedeploy-appspec": no file at "deploy/appspec.yml".'
    )
    writeFileSync(join(workspace, 'appspec.yaml'), YAML_SPEC)
    expect((await loadAppSpec(undefined, roots))?.source).toBe('appspec.yaml')
    await expect(loadAppSpec('../outside.yaml', roots)).rejects.toThrow(
      /^Input "codedeploy-appspec": /
    )
  })
})
