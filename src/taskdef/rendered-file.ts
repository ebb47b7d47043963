import { writeOutputFile, writePackageTempFile } from '../shared/input-files.js'
import type { PathRoots } from '../shared/workspace.js'

/**
 * Writes the rendered text and returns its path. The file holds environment values, so it is
 * private (0600). Without an output path it gets a fresh random name, prefixed by the family, in
 * the package's RUNNER_TEMP folder, where deploy-ecs and estimate-cost may read it; two renders in
 * one job never share a file.
 */
export function writeRenderedFile(
  rendered: { text: string; family: string },
  outputPath: string | undefined,
  roots?: PathRoots
): Promise<string> {
  if (outputPath !== undefined) {
    return writeOutputFile('output-path', outputPath, rendered.text, { packageTemp: true, roots })
  }
  return writePackageTempFile('render-taskdef', rendered.family, rendered.text, roots)
}
