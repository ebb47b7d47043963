// AWS Price List Query API (awsJson1_1): GetProducts answers with PriceList entries that are
// JSON strings, as the real API does, filtered and paged; the data is pricing-data.ts.
import { PRICE_LIST, SERVICE_NAMES, type PriceListProduct } from '../pricing-data.js'
import type { Sandbox } from '../sandbox.js'
import { AwsError, type ServiceDefinition } from '../types.js'
import { optionalArray, optionalInteger, optionalString, paginate } from './edge-util.js'

/**
 * The Price List API is served from these regions only (AWS Billing guide, "Calling AWS services
 * and prices using the AWS Price List"). A client built for any other region fails in real AWS
 * (no such endpoint), so the sandbox fails it too instead of hiding the bug.
 */
const PRICING_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1']

interface Filter {
  type: string
  field: string
  value: string
}

function readFilters(input: Record<string, unknown>): Filter[] {
  return (optionalArray(input, 'Filters') ?? []).map((raw) => {
    const filter = (raw ?? {}) as Record<string, unknown>
    const type = String(filter['Type'] ?? '')
    if (!['TERM_MATCH', 'EQUALS', 'CONTAINS', 'ANY_OF', 'NONE_OF'].includes(type)) {
      throw new AwsError('InvalidParameterException', `Invalid filter type: ${type}`)
    }
    if (typeof filter['Field'] !== 'string' || typeof filter['Value'] !== 'string') {
      throw new AwsError('InvalidParameterException', 'A filter needs a Field and a Value.')
    }
    return { type, field: filter['Field'], value: filter['Value'] }
  })
}

/** Field names are matched without regard to case (the API documents "ServiceCode", "location"). */
function fieldValue(product: PriceListProduct, field: string): string | undefined {
  const wanted = field.toLowerCase()
  if (wanted === 'productfamily') return product.productFamily
  if (wanted === 'sku') return product.sku
  if (wanted === 'servicecode') return product.serviceCode
  const key = Object.keys(product.attributes).find((name) => name.toLowerCase() === wanted)
  return key === undefined ? undefined : product.attributes[key]
}

function matches(product: PriceListProduct, filter: Filter): boolean {
  const value = fieldValue(product, filter.field)
  const list = filter.value.split(',').map((item) => item.trim())
  switch (filter.type) {
    case 'CONTAINS':
      return value !== undefined && value.includes(filter.value)
    case 'ANY_OF':
      return value !== undefined && list.includes(value)
    case 'NONE_OF':
      return value === undefined || !list.includes(value)
    default:
      return value === filter.value
  }
}

function checkRegion(region: string): void {
  if (!PRICING_REGIONS.includes(region)) {
    throw new AwsError(
      'UnknownEndpointException',
      `The AWS Price List API has no endpoint in ${region}: call it in ${PRICING_REGIONS.join(', ')} (api.pricing.<region>.amazonaws.com).`
    )
  }
}

function page<T>(all: T[], input: Record<string, unknown>) {
  const max = optionalInteger(input, 'MaxResults')
  if (max !== undefined && (max < 1 || max > 100)) {
    throw new AwsError('InvalidParameterException', 'MaxResults must be between 1 and 100.')
  }
  return paginate(all, max, optionalString(input, 'NextToken'), 100, 'InvalidNextTokenException')
}

export function createPricingService(_sandbox: Sandbox): ServiceDefinition {
  return {
    signingName: 'pricing',
    protocol: 'json',
    targetPrefix: 'AWSPriceListService',
    operations: {
      GetProducts: (input, ctx) => {
        checkRegion(ctx.region)
        const serviceCode = optionalString(input, 'ServiceCode')
        if (!serviceCode) {
          throw new AwsError('InvalidParameterException', 'ServiceCode is required.')
        }
        const format = optionalString(input, 'FormatVersion') ?? 'aws_v1'
        if (format !== 'aws_v1') {
          throw new AwsError('InvalidParameterException', `Invalid FormatVersion: ${format}`)
        }
        const filters = readFilters(input)
        const found = PRICE_LIST.filter(
          (product) =>
            product.serviceCode === serviceCode && filters.every((f) => matches(product, f))
        )
        const { items, nextToken } = page(found, input)
        return {
          FormatVersion: 'aws_v1',
          PriceList: items.map((product) => JSON.stringify(product.document)),
          ...(nextToken ? { NextToken: nextToken } : {})
        }
      },

      DescribeServices: (input, ctx) => {
        checkRegion(ctx.region)
        const wanted = optionalString(input, 'ServiceCode')
        const services = Object.keys(SERVICE_NAMES)
          .filter((code) => wanted === undefined || code === wanted)
          .map((code) => ({
            ServiceCode: code,
            AttributeNames: [
              ...new Set(
                PRICE_LIST.filter((p) => p.serviceCode === code).flatMap((p) =>
                  Object.keys(p.attributes)
                )
              )
            ].sort()
          }))
        const { items, nextToken } = page(services, input)
        return {
          Services: items,
          FormatVersion: 'aws_v1',
          ...(nextToken ? { NextToken: nextToken } : {})
        }
      },

      GetAttributeValues: (input, ctx) => {
        checkRegion(ctx.region)
        const serviceCode = optionalString(input, 'ServiceCode') ?? ''
        const name = optionalString(input, 'AttributeName') ?? ''
        const values = [
          ...new Set(
            PRICE_LIST.filter((p) => p.serviceCode === serviceCode).flatMap((p) => {
              const value = fieldValue(p, name)
              return value === undefined ? [] : [value]
            })
          )
        ].sort()
        const { items, nextToken } = page(values, input)
        return {
          AttributeValues: items.map((Value) => ({ Value })),
          ...(nextToken ? { NextToken: nextToken } : {})
        }
      }
    }
  }
}
