import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { STSClient } from '@aws-sdk/client-sts'
import { createClient } from '../shared/aws.js'

/** The AWS clients a render may need, each made only when its path is taken. */
export interface RenderClients {
  /** Reads a live task definition. */
  ecs(): ECSClient
  /** Resolves image digests in the registry of `region`. */
  ecr(region: string): ECRClient
  /** Finds the account whose ECR registry Scaleway images move to. */
  sts(): STSClient
}

/** Clients in `region` (the aws-region input; AWS_REGION / AWS_DEFAULT_REGION when undefined). */
export function renderClients(region?: string): RenderClients {
  return {
    ecs: () => createClient(ECSClient, { region }),
    ecr: (registryRegion) => createClient(ECRClient, { region: registryRegion }),
    sts: () => createClient(STSClient, { region })
  }
}
