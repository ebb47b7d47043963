// The platforms a BuildKit build can target, as os/arch[/variant]: the operating systems that run
// containers and the architectures (with their variants) that containerd's platform matching
// knows and that docker/setup-qemu-action provides emulators for (linux/amd64, arm64, arm/v5-v7,
// 386, ppc64le, s390x, riscv64, mips64(le), loong64; read 2026-12-01). A typo such as linux/amd46
// or an architecture no builder has (linux/sparc) is refused before docker starts.

const OPERATING_SYSTEMS = ['linux', 'windows'] as const

const VARIANTS: Record<string, readonly string[]> = {
  amd64: ['v1', 'v2', 'v3', 'v4'],
  arm64: ['v8', 'v8.0', 'v8.1', 'v8.2', 'v8.3', 'v8.4', 'v8.5', 'v8.6', 'v8.7', 'v9'],
  arm: ['v5', 'v6', 'v7', 'v8'],
  '386': [],
  ppc64le: [],
  s390x: [],
  riscv64: [],
  mips64: [],
  mips64le: [],
  loong64: []
}

const EXAMPLE = 'linux/amd64, linux/arm64 or linux/arm/v7'

/** Why `platform` is not a build platform, or undefined when it is one. */
export function platformProblem(platform: string): string | undefined {
  const parts = platform.toLowerCase().split('/')
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    return `"${platform}" is not os/arch[/variant] (for example ${EXAMPLE}).`
  }
  const [os, arch, variant] = parts as [string, string, string | undefined]
  if (!(OPERATING_SYSTEMS as readonly string[]).includes(os)) {
    return `"${platform}": "${os}" is not an operating system BuildKit builds for; use ${OPERATING_SYSTEMS.join(' or ')}.`
  }
  const variants = VARIANTS[arch]
  if (variants === undefined) {
    return `"${platform}": "${arch}" is not an architecture BuildKit builds for; use one of ${Object.keys(VARIANTS).join(', ')}.`
  }
  if (variant !== undefined && !variants.includes(variant)) {
    return variants.length === 0
      ? `"${platform}": ${arch} has no variants; write ${os}/${arch}.`
      : `"${platform}": "${variant}" is not a variant of ${arch}; use one of ${variants.join(', ')}.`
  }
  return undefined
}
