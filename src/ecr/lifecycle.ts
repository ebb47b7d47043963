export interface LifecycleSettings {
  /** Keep this many images (tagged or not); older ones expire. */
  keepLast?: number
  /** Untagged images expire this many days after their push. */
  untaggedDays?: number
}

interface LifecycleRule {
  rulePriority: number
  description: string
  selection: {
    tagStatus: 'untagged' | 'any'
    countType: 'imageCountMoreThan' | 'sinceImagePushed'
    countUnit?: 'days'
    countNumber: number
  }
  action: { type: 'expire' }
}

/**
 * The lifecycle policy text for PutLifecyclePolicy, or undefined when no rule is asked for.
 * ECR requires a `tagStatus: any` rule to carry the highest priority number, so the untagged
 * rule always comes first.
 */
export function lifecyclePolicyText(settings: LifecycleSettings): string | undefined {
  const rules: LifecycleRule[] = []
  if (settings.untaggedDays !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Expire untagged images ${settings.untaggedDays} days after their push`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: settings.untaggedDays
      },
      action: { type: 'expire' }
    })
  }
  if (settings.keepLast !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Keep the last ${settings.keepLast} images`,
      selection: {
        tagStatus: 'any',
        countType: 'imageCountMoreThan',
        countNumber: settings.keepLast
      },
      action: { type: 'expire' }
    })
  }
  return rules.length === 0 ? undefined : JSON.stringify({ rules })
}
