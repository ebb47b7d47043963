// GetProducts PriceList entries in the shape AWS returns them: JSON strings holding product,
// terms.OnDemand.<sku>.<offerTermCode>.priceDimensions.<rateCode>.pricePerUnit.USD.

let skuCounter = 0

export function priceListItem(usageType: string, usd: string, regionCode = 'eu-west-3'): string {
  skuCounter += 1
  const sku = `TESTSKU${String(skuCounter).padStart(6, '0')}`
  const offerTerm = `${sku}.JRTCKXETXF`
  return JSON.stringify({
    product: {
      productFamily: 'Compute',
      attributes: {
        regionCode,
        servicecode: 'AmazonECS',
        usagetype: usageType,
        location: 'EU (Paris)',
        locationType: 'AWS Region',
        servicename: 'Amazon Elastic Container Service',
        tenancy: 'Shared',
        operation: ''
      },
      sku
    },
    serviceCode: 'AmazonECS',
    terms: {
      OnDemand: {
        [offerTerm]: {
          priceDimensions: {
            [`${offerTerm}.6YS6EN2CT7`]: {
              unit: 'hours',
              endRange: 'Inf',
              description: `AWS Fargate ${usageType}`,
              appliesTo: [],
              rateCode: `${offerTerm}.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: usd }
            }
          },
          sku,
          effectiveDate: '2026-09-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {}
        }
      }
    },
    version: '20260911182348',
    publicationDate: '2026-09-11T18:23:48Z'
  })
}
