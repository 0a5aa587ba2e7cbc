import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UTF8_BOM, csvField, csvResponse, toCsv, wantsCsv } from '#shared/http/text-response.ts';
import { parseCsv } from './csv-parser.ts';

describe('CSV for spreadsheets (RFC 4180, UTF-8 with BOM)', () => {
  it('quotes fields with commas, quotes, CR or LF, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('重庆渝欧')).toBe('重庆渝欧');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('keeps a spreadsheet from taking text for a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField(-1)).toBe('-1');
  });

  it('starts with the BOM, ends records with CRLF, and reads back as written', () => {
    const csv = toCsv(['名称 / name', 'n'], [['义乌, "小商品"\n出口', 3], ['', null]]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(parseCsv(csv.slice(1))).toEqual([
      ['名称 / name', 'n'],
      ['义乌, "小商品"\n出口', '3'],
      ['', ''],
    ]);
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }).filter((s) => !/^[=+\-@\t\r]/.test(s)), { minLength: 2, maxLength: 2 }), { maxLength: 10 }), (rows) => {
        expect(parseCsv(toCsv(['a', 'b'], rows).slice(1))).toEqual([['a', 'b'], ...rows]);
      }),
    );
  });

  it('answers CSV only when Accept names text/csv', () => {
    expect(wantsCsv({ headers: { accept: 'text/csv' } })).toBe(true);
    expect(wantsCsv({ headers: { accept: 'application/json, text/csv;q=0.5' } })).toBe(true);
    expect(wantsCsv({ headers: { accept: '*/*' } })).toBe(false);
    expect(wantsCsv({ headers: {} })).toBe(false);
    expect(csvResponse('x', 'a.csv').headers).toEqual({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="a.csv"' });
  });
});
