import { InputError, UserError } from '../../src/shared/errors.js'
import { listInput, mapInput } from '../../src/github/inputs.js'
import { isDockerHubHost } from '../../src/registry/sources/dockerhub.js'
import { parseSourcePrefix, type SourcePrefix } from '../../src/registry/sources/prefix.js'
import type { SourceMappingRule } from '../../src/taskdef/source-images.js'

/** source-registries: the registries (or parts of them) whose images move to ECR too. */
export function sourceRegistriesInput(): SourcePrefix[] {
  return listInput('source-registries').map((text) => {
    try {
      return parseSourcePrefix(text)
    } catch (error) {
      if (error instanceof UserError) throw new InputError('source-registries', error.message)
      throw error
    }
  })
}

function isUnderSource(from: string, sources: readonly SourcePrefix[]): boolean {
  const [host = '', ...rest] = from.split('/')
  const path = rest.join('/')
  return sources.some((source) => {
    const sameHost =
      source.registry === host.toLowerCase() ||
      (source.kind === 'dockerhub' && isDockerHubHost(host))
    return sameHost && (source.path === '' || `${path}/`.startsWith(`${source.path}/`))
  })
}

/** source-mapping: FROM=TO rules like scaleway-mapping's, for the source-registries' images. */
export function sourceRulesInput(sources: readonly SourcePrefix[]): SourceMappingRule[] {
  return [...mapInput('source-mapping')].map(([from, to]) => {
    if (!isUnderSource(from, sources)) {
      throw new InputError(
        'source-mapping',
        `"${from}" is not under any of source-registries (write it as <registry host>/<path>, as listed there).`
      )
    }
    const components = to.split('/')
    if (
      to === '' ||
      /\s|@/.test(to) ||
      (components.length > 1 && components.at(-1)?.includes(':'))
    ) {
      throw new InputError(
        'source-mapping',
        `"${to}" is not a repository prefix (no tag or digest).`
      )
    }
    return { from, to }
  })
}
