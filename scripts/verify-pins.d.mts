export interface Pin {
  owner: string
  repo: string
  path: string
  sha: string
  tag: string
  line: number
}

export type PinStatus =
  'ok' | 'mismatch' | 'not-node24' | 'outdated' | 'no-tag-comment' | 'unverified'

export interface PinResult extends Pin {
  name: string
  status: PinStatus
  detail: string
  file?: string
}

export function pinFiles(root: string): string[]
export function pinsOf(text: string): Pin[]
export function verifyPin(pin: Pin, mirrors: string | undefined): PinResult
export function verifyPins(options: { root: string; mirrors: string | undefined }): PinResult[]
