import { ulid } from 'ulid';
import { createConsignment, consignmentFilingSchema, type Consignment, type ConsignmentFilingInput } from '#shared/domain/consignment.ts';
import { creditCodeCheckCharacter } from '#shared/domain/validators/credit-code.ts';

/** A valid unified social credit code built from a 9-digit organisation number. */
export function creditCode(organisation: number): string {
  const first17 = `91510100${String(organisation).padStart(9, '0')}`;
  return first17 + (creditCodeCheckCharacter(first17) ?? '');
}

export const DECLARANT = creditCode(123456789);

/** An import through Alashankou (port bureau XJ) for Sichuan (SC), as filed by a Chengdu importer. */
export function importFiling(overrides: Partial<ConsignmentFilingInput> = {}): ConsignmentFilingInput {
  return {
    direction: 'import',
    portCode: 'ALASHANKOU',
    tradeMode: 'general-trade',
    transportMode: 'rail',
    destinationBureau: 'SC',
    consignor: { name: 'Duisburg Trading GmbH', country: 'DE' },
    consignee: { name: '成都进口贸易有限公司', country: 'CN', creditCode: DECLARANT },
    containers: [{ number: 'CSQU3054383' }],
    goods: [
      {
        hsCode: '847130',
        description: 'laptops',
        quantity: 400,
        unit: 'PCE',
        netWeightKg: 900,
        originCountry: 'DE',
        categories: ['general'],
      },
    ],
    ...overrides,
  };
}

export function newConsignment(overrides: Partial<ConsignmentFilingInput> = {}, at = new Date().toISOString()): Consignment {
  return createConsignment(consignmentFilingSchema.parse(importFiling(overrides)), { id: ulid(), at });
}
