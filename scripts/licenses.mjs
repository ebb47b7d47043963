// licenses.txt of a bundle split into chunks. ncc's own --license writes one file per chunk under
// the same name, so the last chunk's list wins; this lists the packages of every chunk instead,
// in the format ncc writes (name, license id, license text; sorted by name).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'

/** The package folder holding a bundled file, or undefined for the project's own sources. */
function packageRoot(file) {
  const marker = `${sep}node_modules${sep}`
  const at = file.lastIndexOf(marker)
  if (at === -1) return undefined
  const parts = file.slice(at + marker.length).split(sep)
  const depth = parts[0]?.startsWith('@') ? 2 : 1
  return file.slice(0, at + marker.length) + parts.slice(0, depth).join(sep)
}

/**
 * The files of the modules in some chunk: webpack lists the unused ones too, in no chunk, and
 * the modules concatenated into one are listed inside it, with no chunk of their own.
 */
function moduleFiles(modules, root, files = new Set(), nested = false) {
  for (const module of modules ?? []) {
    if (!nested && (module.chunks ?? []).length === 0) continue
    if (module.modules !== undefined) moduleFiles(module.modules, root, files, true)
    const name = module.name ?? ''
    if (!name.includes(' ') && !name.startsWith('external ') && !name.startsWith('webpack/'))
      files.add(resolve(root, name.split('!').pop() ?? name))
  }
  return files
}

function licenseText(dir) {
  const file = readdirSync(dir).find(
    (name) => /^licen[cs]e/i.test(name) && !statSync(join(dir, name)).isDirectory()
  )
  return file === undefined
    ? undefined
    : readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n')
}

/** The licenses text for the modules of a webpack stats file (ncc --stats-out). */
export function licensesFromStats(statsFile, root) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  const packages = new Map()
  for (const file of moduleFiles(stats.modules, root)) {
    const dir = packageRoot(file)
    if (dir === undefined || !existsSync(join(dir, 'package.json'))) continue
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    if (packages.has(meta.name)) continue
    const id = typeof meta.license === 'string' ? meta.license : meta.license?.type
    packages.set(meta.name, { name: meta.name, id, text: licenseText(dir) })
  }
  return (
    [...packages.values()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .reduce(
        (all, p) => `${all}${p.name}${p.id ? `\n${p.id}` : ''}${p.text ? `\n${p.text}` : ''}\n\n`,
        ''
      )
      .trim() + '\n'
  )
}
