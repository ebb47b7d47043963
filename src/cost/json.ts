import type { CostComparison } from './comparison.js'
import type { ScenarioEstimate } from './estimate.js'

function estimateJson(estimate: ScenarioEstimate) {
  const { scenario } = estimate
  return {
    label: estimate.label,
    taskDefinition: estimate.taskDefinition,
    cpu: scenario.size.cpuUnits,
    memory: scenario.size.memoryMiB,
    architecture: scenario.size.architecture,
    operatingSystem: scenario.size.os,
    ephemeralStorageGiB: scenario.size.ephemeralStorageGiB,
    desiredCount: scenario.desiredCount,
    minCount: scenario.minCount,
    maxCount: scenario.maxCount,
    capacityProviderStrategy: scenario.capacity,
    taskHours: estimate.taskHours,
    hoursSource: scenario.usage?.source ?? 'all-month',
    monthly: estimate.monthly,
    monthlyMin: estimate.monthlyMin,
    monthlyMax: estimate.monthlyMax,
    yearly: estimate.yearly,
    lines: estimate.lines.map((line) => ({
      component: line.component,
      detail: line.detail,
      quantity: line.quantity,
      quantityUnit: line.quantityUnit,
      rate: line.rate.usd,
      rateUnit: line.rate.unit,
      hours: line.hours,
      monthly: line.monthly,
      quantitySource: line.quantitySource,
      origin: line.rate.origin,
      source: line.rate.source,
      sourceDate: line.rate.date,
      confidence: line.rate.confidence
    }))
  }
}

/** The `estimate` output: everything the report shows, as data. */
export function comparisonJson(comparison: CostComparison) {
  return {
    currency: 'USD',
    hoursPerMonth: 730,
    region: comparison.region,
    subject: comparison.subject,
    priceSource: comparison.fargatePriceOrigin,
    priceTable: comparison.table,
    after: estimateJson(comparison.after),
    before: comparison.before === undefined ? null : estimateJson(comparison.before),
    delta: comparison.delta ?? null,
    deltaPercent: comparison.deltaPercent ?? null
  }
}
