import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ECSClient } from '@aws-sdk/client-ecs'
import type { STSClient } from '@aws-sdk/client-sts'
import { builtOnFirstCall, createClient } from '../shared/aws.js'

/**
 * The AWS clients a render may need, each made only when its path is taken; its SDK package
 * loads with its first call, so a render from a file loads none.
 */
export interface RenderClients {
  /** Reads a live task definition. */
  ecs(): Pick<ECSClient, 'send'>
  /** Resolves image digests in the registry of `region`. */
  ecr(region: string): Pick<ECRClient, 'send'>
  /** Finds the account whose ECR registry Scaleway images move to. */
  sts(): Pick<STSClient, 'send'>
}

/** Clients in `region` (the aws-region input; AWS_REGION / AWS_DEFAULT_REGION when undefined). */
export function renderClients(region?: string): RenderClients {
  return {
    ecs: () =>
      builtOnFirstCall(async () =>
        createClient((await import('@aws-sdk/client-ecs')).ECSClient, { region })
      ),
    ecr: (registryRegion) =>
      builtOnFirstCall(async () =>
        createClient((await import('@aws-sdk/client-ecr')).ECRClient, { region: registryRegion })
      ),
    sts: () =>
      builtOnFirstCall(async () =>
        createClient((await import('@aws-sdk/client-sts')).STSClient, { region })
      )
  }
}
