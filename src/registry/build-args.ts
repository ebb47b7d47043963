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
}

function pairs(flag: string, values: ReadonlyMap<string, string>): string[] {
  return [...values].flatMap(([key, value]) => [flag, `${key}=${value}`])
}

function common(spec: BuildSpec): string[] {
  return [
    '--file',
    spec.dockerfile,
    ...(spec.target === undefined ? [] : ['--target', spec.target]),
    ...pairs('--build-arg', spec.buildArgs),
    ...pairs('--label', spec.labels),
    ...(spec.platforms.length === 0 ? [] : ['--platform', spec.platforms.join(',')]),
    ...spec.references.flatMap((reference) => ['--tag', reference])
  ]
}

/**
 * The cache export ECR accepts: an image manifest with OCI media types. ECR refuses the
 * default cache index (moby/buildkit#699), and mode=max keeps intermediate stages too.
 */
export function registryCacheTo(ref: string): string {
  return `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`
}

export function buildxArgs(spec: BuildSpec, metadataFile: string): string[] {
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
  const output = spec.push ? ['--push'] : spec.platforms.length <= 1 ? ['--load'] : []
  return [
    'buildx',
    'build',
    ...common(spec),
    `--provenance=${spec.provenance}`,
    ...cache,
    '--metadata-file',
    metadataFile,
    ...output,
    spec.context
  ]
}

export function classicBuildArgs(spec: BuildSpec): string[] {
  return ['build', ...common(spec), spec.context]
}

/** `docker push` ends with "<tag>: digest: sha256:… size: N". */
export function digestFromPushOutput(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1]
}
