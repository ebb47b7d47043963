export interface BuildSpec {
  context: string
  /** Path of the Dockerfile, as docker resolves it (relative to the working directory). */
  dockerfile: string
  target?: string
  buildArgs: ReadonlyMap<string, string>
  labels: ReadonlyMap<string, string>
  platforms: readonly string[]
  /** Full references (registry/repository:tag) to tag and push. */
  references: readonly string[]
  push: boolean
  /** buildx only: the registry cache reference, read before and written after the build. */
  cacheRef?: string
  /** buildx only: value of --provenance ('false' keeps a single-platform image a plain manifest). */
  provenance: string
  /** buildx only: explicit --cache-from / --cache-to specs (cache-from/cache-to inputs). */
  cacheFrom?: readonly string[]
  cacheTo?: readonly string[]
  /** buildx only: OCI annotations, `[<level>:]key=value`. */
  annotations?: readonly string[]
  noCache?: boolean
  /** buildx only: stages built without cache. */
  noCacheFilters?: readonly string[]
  pull?: boolean
  /** buildx only: --secret specs (`id=..,src=..` or `id=..,env=..`); files are made by the caller. */
  secrets?: readonly string[]
  /** buildx only: --ssh specs. */
  ssh?: readonly string[]
  /** buildx only: --build-context specs (`name=source`). */
  buildContexts?: readonly string[]
  network?: string
  addHosts?: readonly string[]
  shmSize?: string
  ulimits?: readonly string[]
  /** buildx only: value of --sbom. */
  sbom?: string
  /** buildx only: the builder instance. */
  builder?: string
  /** buildx only: also load the result into the local image store. */
  load?: boolean
}

/** What the classic builder cannot do, by input name: a build needing it must fail. */
export function classicBuildRefusals(spec: BuildSpec): string[] {
  const refusals: [string, boolean][] = [
    ['secrets', (spec.secrets?.length ?? 0) > 0],
    ['ssh', (spec.ssh?.length ?? 0) > 0],
    ['build-contexts', (spec.buildContexts?.length ?? 0) > 0],
    ['builder', spec.builder !== undefined]
  ]
  return refusals.filter(([, used]) => used).map(([name]) => name)
}

/** What the classic builder leaves out of an otherwise right image, by input name. */
export function classicBuildOmissions(spec: BuildSpec): string[] {
  const omissions: [string, boolean][] = [
    ['annotations', (spec.annotations?.length ?? 0) > 0],
    ['no-cache-filters', (spec.noCacheFilters?.length ?? 0) > 0],
    ['sbom', spec.sbom !== undefined && spec.sbom !== 'false']
  ]
  return omissions.filter(([, used]) => used).map(([name]) => name)
}

function pairs(flag: string, values: ReadonlyMap<string, string>): string[] {
  return [...values].flatMap(([key, value]) => [flag, `${key}=${value}`])
}

function each(flag: string, values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => [flag, value])
}

function common(spec: BuildSpec): string[] {
  return [
    '--file',
    spec.dockerfile,
    ...(spec.target === undefined ? [] : ['--target', spec.target]),
    ...pairs('--build-arg', spec.buildArgs),
    ...pairs('--label', spec.labels),
    ...(spec.platforms.length === 0 ? [] : ['--platform', spec.platforms.join(',')]),
    ...spec.references.flatMap((reference) => ['--tag', reference]),
    ...(spec.noCache ? ['--no-cache'] : []),
    ...(spec.pull ? ['--pull'] : []),
    ...(spec.network === undefined ? [] : ['--network', spec.network]),
    ...each('--add-host', spec.addHosts),
    ...(spec.shmSize === undefined ? [] : ['--shm-size', spec.shmSize]),
    ...each('--ulimit', spec.ulimits)
  ]
}

/**
 * The cache export ECR accepts: an image manifest with OCI media types. ECR refuses the
 * default cache index (moby/buildkit#699), and mode=max keeps intermediate stages too.
 */
export function registryCacheTo(ref: string): string {
  return `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`
}

export function buildxArgs(spec: BuildSpec, metadataFile: string, iidFile?: string): string[] {
  const cache =
    spec.cacheRef === undefined
      ? []
      : [
          '--cache-from',
          `type=registry,ref=${spec.cacheRef}`,
          '--cache-to',
          registryCacheTo(spec.cacheRef)
        ]
  // Without --push, a single-platform result is loaded into the daemon so it can be inspected.
  const load = spec.load === true || (!spec.push && spec.platforms.length <= 1)
  const output = [...(spec.push ? ['--push'] : []), ...(load ? ['--load'] : [])]
  return [
    ...(spec.builder === undefined ? ['buildx'] : ['buildx', '--builder', spec.builder]),
    'build',
    ...common(spec),
    `--provenance=${spec.provenance}`,
    ...(spec.sbom === undefined ? [] : [`--sbom=${spec.sbom}`]),
    ...each('--annotation', spec.annotations),
    ...each('--no-cache-filter', spec.noCacheFilters),
    ...each('--secret', spec.secrets),
    ...each('--ssh', spec.ssh),
    ...each('--build-context', spec.buildContexts),
    ...cache,
    ...each('--cache-from', spec.cacheFrom),
    ...each('--cache-to', spec.cacheTo),
    '--metadata-file',
    metadataFile,
    ...(iidFile === undefined ? [] : ['--iidfile', iidFile]),
    ...output,
    spec.context
  ]
}

export function classicBuildArgs(spec: BuildSpec, iidFile?: string): string[] {
  return [
    'build',
    ...common(spec),
    ...(iidFile === undefined ? [] : ['--iidfile', iidFile]),
    spec.context
  ]
}

/** `docker push` ends with "<tag>: digest: sha256:… size: N". */
export function digestFromPushOutput(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1]
}
