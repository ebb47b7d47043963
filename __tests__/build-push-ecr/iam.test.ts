// The README's IAM policy is checked against the ECR API calls the code sends, so neither can
// drift: every command in src/ecr is documented, and every documented API action is either sent
// by the code or part of the registry protocol docker and skopeo speak.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname
const readme = readFileSync(join(root, 'actions/build-push-ecr/README.md'), 'utf8')

// What `docker push`, `docker buildx` (cache) and `skopeo copy` ask ECR for.
const REGISTRY_PROTOCOL = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer'
]

function sentBySource(): string[] {
  const dir = join(root, 'src/ecr')
  const source = readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n')
  const commands = [...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1])
  const paginated = [...source.matchAll(/paginate(\w+)\(/g)].map((match) => match[1])
  return [...new Set([...commands, ...paginated])].map((name) => `ecr:${name}`).sort()
}

function policyActions(): string[] {
  const policy = /```json\n([\s\S]*?)\n```/.exec(readme.slice(readme.indexOf('## IAM permissions')))
  const document = JSON.parse(policy?.[1] ?? '{}') as {
    Statement: { Action: string | string[] }[]
  }
  return document.Statement.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action]
  )
}

describe('build-push-ecr IAM documentation', () => {
  it('finds the calls the code makes', () => {
    expect(sentBySource()).toEqual(
      expect.arrayContaining([
        'ecr:GetAuthorizationToken',
        'ecr:CreateRepository',
        'ecr:DescribeImages'
      ])
    )
  })

  it('documents every ECR call the code sends', () => {
    const section = readme.slice(readme.indexOf('## IAM permissions'))
    expect(sentBySource().filter((action) => !section.includes(action))).toEqual([])
  })

  it('asks for nothing the code or the registry protocol does not use', () => {
    const used = new Set([...sentBySource(), ...REGISTRY_PROTOCOL])
    expect(policyActions().filter((action) => !used.has(action))).toEqual([])
  })
})
