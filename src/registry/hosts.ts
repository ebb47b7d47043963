// Registries on loopback are the local test stand-ins: plain HTTP. docker already treats
// 127.0.0.0/8 as insecure; skopeo must be told, and only for those hosts.
export function isLoopbackRegistry(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name)
}

/** The registry host of an image reference (the part before the first '/'). */
export function referenceHost(reference: string): string {
  const slash = reference.indexOf('/')
  return slash === -1 ? reference : reference.slice(0, slash)
}
