import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  containerCheckDigit,
  containerNumberSchema,
  isValidContainerNumber,
} from '#shared/domain/validators/container-number.ts';
import { countryCodeSchema, isCountryCode } from '#shared/domain/validators/country.ts';
import {
  creditCodeCheckCharacter,
  creditCodeSchema,
  isValidCreditCode,
} from '#shared/domain/validators/credit-code.ts';
import { hsChapter, hsCodeSchema, hsPrefixSchema } from '#shared/domain/validators/hs-code.ts';
import { positiveQuantitySchema, quantitySchema, unitCodeSchema } from '#shared/domain/validators/quantity.ts';
import { timestampSchema, toEpochMillis } from '#shared/domain/validators/timestamp.ts';
import { CONTAINERS, CREDIT_CODES } from './fixtures.ts';

function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe('ISO 6346 container numbers', () => {
  it.each(CONTAINERS)('%s is valid', (number) => {
    expect(isValidContainerNumber(number)).toBe(true);
    expect(containerNumberSchema.parse(number)).toBe(number);
  });

  it('computes the check digit of the standard example CSQU305438 as 3', () => {
    expect(containerCheckDigit('CSQU305438')).toBe(3);
  });

  it('maps a remainder of 10 to check digit 0', () => {
    // Owner code and serial chosen so that the weighted sum mod 11 is 10.
    const serials = Array.from({ length: 1000 }, (_, i) => `CSQU${String(i).padStart(6, '0')}`);
    const ten = serials.find((s) => {
      let sum = 0;
      const values: Record<string, number> = { C: 13, S: 30, Q: 28, U: 32 };
      for (let i = 0; i < 10; i++) {
        const ch = s[i] ?? '0';
        sum += (values[ch] ?? Number(ch)) * 2 ** i;
      }
      return sum % 11 === 10;
    });
    expect(ten).toBeDefined();
    expect(containerCheckDigit(ten ?? '')).toBe(0);
    expect(isValidContainerNumber(`${ten}0`)).toBe(true);
  });

  it('normalises spaces, dashes and lower case as written on container doors', () => {
    expect(containerNumberSchema.parse('csqu 305438-3')).toBe('CSQU3054383');
  });

  it.each([
    ['wrong check digit', 'CSQU3054384', '集装箱号校验位错误 / container number check digit is wrong'],
    ['too short', 'CSQU305438', 'container number must be 4 letters and 7 digits (ISO 6346)'],
    ['category letter not U, J or Z', 'CSQX3054383', 'container number must be 4 letters and 7 digits (ISO 6346)'],
    ['digits in the owner code', 'C5QU3054383', 'container number must be 4 letters and 7 digits (ISO 6346)'],
  ])('rejects a number with %s', (_why, value, message) => {
    const found = messages(containerNumberSchema, value);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it('rejects a non-string', () => {
    expect(messages(containerNumberSchema, 3054383)[0]).toContain('container number must be a string');
  });
});

describe('Unified Social Credit Codes (GB 32100-2015)', () => {
  it('accepts a published real code', () => {
    expect(isValidCreditCode(CREDIT_CODES.published)).toBe(true);
    expect(creditCodeCheckCharacter(CREDIT_CODES.published.slice(0, 17))).toBe('3');
  });

  it.each(Object.values(CREDIT_CODES))('accepts %s', (code) => {
    expect(creditCodeSchema.parse(code)).toBe(code);
  });

  it('maps a check value of 31 to 0 (and covers letters as check characters)', () => {
    expect(creditCodeCheckCharacter('91500000MA5U00001')).toBe('0');
    expect(creditCodeCheckCharacter('91650100228600001')).toBe('L');
  });

  it('accepts lower case input by normalising it', () => {
    expect(creditCodeSchema.parse('91350100m000100y43')).toBe('91350100M000100Y43');
  });

  it.each([
    ['a wrong check character', '91350100M000100Y44', 'unified social credit code check character is wrong'],
    ['17 characters', '91350100M000100Y4', 'unified social credit code must be 18 characters'],
    ['a forbidden letter I', '91350100I000100Y43', 'unified social credit code must be 18 characters'],
    ['a forbidden letter O', '91350100M0O0100Y43', 'no I, O, Z, S, V'],
    ['letters in the division code', '9135A100M000100Y43', 'unified social credit code must be 18 characters'],
  ])('rejects a code with %s', (_why, value, message) => {
    const found = messages(creditCodeSchema, value);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it('gives no check character for input outside the alphabet or of the wrong length', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y')).toBeUndefined();
    expect(creditCodeCheckCharacter('91350100M000100S4')).toBeUndefined();
  });
});

describe('HS codes', () => {
  it.each(['847130', '84713000', '8471300000', '8471.30.00'])('accepts %s', (code) => {
    expect(hsCodeSchema.parse(code)).toMatch(/^\d{6,10}$/);
  });

  it.each([
    ['5 digits', '84713', 'HS code must be 6 to 10 digits'],
    ['11 digits', '84713000001', 'HS code must be 6 to 10 digits'],
    ['letters', '8471AB', 'HS code must be 6 to 10 digits'],
    ['chapter 00', '001234', 'HS code chapter (first two digits) does not exist'],
    ['reserved chapter 77', '770100', 'HS code chapter (first two digits) does not exist'],
    ['national chapter 98', '980100', 'HS code chapter (first two digits) does not exist'],
  ])('rejects %s', (_why, value, message) => {
    const found = messages(hsCodeSchema, value);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it('accepts chapters and longer prefixes as commodity scopes', () => {
    expect(hsPrefixSchema.parse('02')).toBe('02');
    expect(hsPrefixSchema.parse('0203')).toBe('0203');
    expect(messages(hsPrefixSchema, '2')[0]).toContain('HS code prefix must be 2 to 10 digits');
    expect(messages(hsPrefixSchema, '77')[0]).toContain('chapter');
    expect(hsChapter('020329')).toBe('02');
  });
});

describe('ISO 3166-1 alpha-2 countries', () => {
  it.each(['CN', 'RU', 'MN', 'KZ', 'DE', 'PL'])('accepts %s', (code) => {
    expect(isCountryCode(code)).toBe(true);
  });

  it('normalises case and rejects unknown or alpha-3 codes', () => {
    expect(countryCodeSchema.parse(' kz ')).toBe('KZ');
    expect(messages(countryCodeSchema, 'XX')[0]).toContain('country must be an ISO 3166-1 alpha-2 code');
    expect(messages(countryCodeSchema, 'CHN')[0]).toContain('ISO 3166-1 alpha-2');
    expect(messages(countryCodeSchema, 86)[0]).toContain('country code must be a string');
  });
});

describe('quantities and timestamps', () => {
  it('accepts positive quantities with UN/ECE Recommendation 20 units', () => {
    expect(quantitySchema.parse({ value: 24.5, unit: 'TNE' })).toEqual({ value: 24.5, unit: 'TNE' });
    expect(unitCodeSchema.parse('MTQ')).toBe('MTQ');
  });

  it.each([
    [0, 'quantity must be greater than zero'],
    [-1, 'quantity must be greater than zero'],
    [Number.POSITIVE_INFINITY, 'quantity must be'],
    ['5', 'quantity must be a number'],
  ])('rejects quantity %s', (value, message) => {
    expect(messages(positiveQuantitySchema, value)[0]).toContain(message);
  });

  it('rejects an unknown unit with the list it expects', () => {
    expect(messages(unitCodeSchema, 'KG')[0]).toContain('UN/ECE Recommendation 20');
  });

  it.each(['2016-08-11T09:30:00+08:00', '2016-08-11T01:30:00Z', '2016-08-11T01:30:00.123Z'])(
    'accepts the ISO 8601 timestamp %s',
    (value) => {
      expect(timestampSchema.parse(value)).toBe(value);
    },
  );

  it.each(['2016-08-11T09:30:00', '2016-08-11', '11/08/2016 09:30', '2016-13-11T09:30:00Z'])(
    'rejects %s',
    (value) => {
      expect(messages(timestampSchema, value)[0]).toContain('timestamp must be ISO 8601 with an offset');
    },
  );

  it('orders timestamps across offsets', () => {
    expect(toEpochMillis('2016-08-11T09:30:00+08:00')).toBe(toEpochMillis('2016-08-11T01:30:00Z'));
  });
});
