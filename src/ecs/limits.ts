// ECS bounds that inputs are checked against before any call, so the error names the input.

/**
 * "Tasks per service" in the Amazon ECS service quotas
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html, read
 * 2026-12-01): 5,000 by default. The quota can be raised on request; a desired count above it is
 * far more often a typo than a raised quota.
 */
export const MAX_TASKS_PER_SERVICE = 5000

/**
 * CapacityProviderStrategyItem in the ECS API reference (read 2026-12-01): weight 0 to 1,000,
 * base 0 to 100,000.
 */
export const MAX_CAPACITY_WEIGHT = 1000
export const MAX_CAPACITY_BASE = 100000
