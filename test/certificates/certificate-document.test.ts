import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { beijingDateTime } from '#shared/domain/certificates/beijing-time.ts';
import { certificateDocumentFor, type OriginCertificateDetails } from '#shared/domain/certificates/certificate-document-for.ts';
import {
  CERTIFICATE_SCHEMA_TAG,
  certificateDocumentSchema,
  formatSerial,
  parseSerial,
  type CertificateDocument,
} from '#shared/domain/certificates/certificate-document.ts';
import type { OriginCertificateApplication } from '#shared/domain/origin/origin-application.ts';
import { goodsLine } from '../domain/fixtures.ts';
import { exportConsignment, importCertificate, importConsignment, ISSUED_AT, ORIGIN_DETAILS, originCertificate } from './fixtures.ts';

const problemsOf = (document: unknown) => {
  const result = certificateDocumentSchema.safeParse(document);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('certificate serials', () => {
  it('are bureau, year and a six-digit sequence, and parse back', () => {
    expect(formatSerial('XJ', 2016, 123)).toBe('XJ2016000123');
    expect(parseSerial('XJ2016000123')).toEqual({ bureau: 'XJ', year: 2016, sequence: 123 });
    expect(parseSerial(formatSerial('HL', 2017, 999_999))).toEqual({ bureau: 'HL', year: 2017, sequence: 999_999 });
  });

  it('refuse what is not one', () => {
    for (const serial of ['XJ2016', 'XX2016000001', 'XJ2016000000', 'xj2016000001', 'XJ20160000011', ' XJ2016000001']) {
      expect(parseSerial(serial), serial).toBeUndefined();
    }
    expect(() => formatSerial('XJ', 2016, 0)).toThrow(RangeError);
    expect(() => formatSerial('XJ', 2016, 1_000_000)).toThrow(RangeError);
    expect(() => formatSerial('XJ', 16, 1)).toThrow(RangeError);
  });

  it('count by the Beijing year: 16:30 UTC on New Year’s Eve is already next year', () => {
    expect(beijingDateTime('2016-12-31T16:30:00Z')).toEqual({ date: '2017-01-01', time: '00:30:00', year: 2017 });
    expect(beijingDateTime('2016-12-31T23:59:00+08:00').year).toBe(2016);
  });
});

describe('certificateDocumentFor', () => {
  it('builds an import inspection certificate from the consignment, with the decisive reason first', () => {
    const doc = importCertificate();
    expect(doc).toMatchObject({
      schema: CERTIFICATE_SCHEMA_TAG,
      serial: 'CQ2016000042',
      kind: 'import-inspection-certificate',
      title: { zh: '入境货物检验检疫证明' },
      issuingBureau: { code: 'CQ', name: { zh: '重庆出入境检验检疫局' } },
      officer: { subject: 'cq-officer-wang' },
      consignment: { direction: 'import', portCode: 'ALASHANKOU', port: { zh: '阿拉山口', en: 'Alashankou' }, trainId: 'X8024-20160901', exportCountry: 'DE', importCountry: 'CN' },
      consignor: { name: 'Duisburg Trading GmbH', country: 'DE' },
      containers: [{ number: 'CSQU3054383', sealNumber: 'DE-0001' }],
      decision: { outcome: 'released', statement: { zh: '上述货物业经检验检疫，准予放行。' } },
    });
    expect(doc.goods.map((g) => [g.sequence, g.hsCode, g.quantity, g.unit, g.originCountry])).toEqual([
      [1, '847130', 500, 'PCE', 'DE'],
      [2, '851713', 1200, 'PCE', 'PL'],
    ]);
    const codes = doc.decision.reasons.map((r) => r.code);
    expect(codes[0]).toBe('IMPORT_RELEASED');
    expect(codes).toContain('IMPORT_DIRECT_THROUGH');
    expect(doc.decision.reasons[0]?.text.zh).toContain('重庆出入境检验检疫局');
    expect(problemsOf(doc)).toEqual([]);
  });

  it('builds an export clearance with the planned route', () => {
    const doc = certificateDocumentFor({ kind: 'export-clearance', id: 'c-1', serial: 'ZJ2016000001', issuedAt: ISSUED_AT, issuingBureau: 'ZJ', consignment: exportConsignment() });
    expect(doc.decision).toMatchObject({ outcome: 'released', clearanceRoute: 'direct-release' });
    expect(doc.decision.reasons[0]?.code).toBe('EXPORT_RELEASED_DIRECT');
    expect(doc.officer).toBeUndefined();
  });

  it('builds a disposal notice from the disposal the consignment recorded', () => {
    const consignment = { ...importConsignment(), status: 'rejected' as const, disposal: { kind: 'destroy' as const, decidedIn: 'destination-inspection', bureau: 'CQ' as const, at: ISSUED_AT } };
    const doc = certificateDocumentFor({ kind: 'disposal-notice', id: 'd-1', serial: 'CQ2016000002', issuedAt: ISSUED_AT, issuingBureau: 'CQ', consignment, findings: '检出检疫性有害生物' });
    expect(doc.decision).toMatchObject({
      outcome: 'rejected',
      disposal: { kind: 'destroy', text: { zh: '销毁', en: 'destruction' }, decidedIn: 'destination-inspection', decidedBy: 'CQ' },
      findings: '检出检疫性有害生物',
    });
    expect(doc.decision.reasons[0]).toMatchObject({ code: 'NONCONFORMITY_DESTROY', text: { zh: '目的地检验检疫不合格，货物须作销毁' } });
    expect(() => certificateDocumentFor({ kind: 'disposal-notice', id: 'd-2', serial: 'CQ2016000003', issuedAt: ISSUED_AT, issuingBureau: 'CQ', consignment: importConsignment() })).toThrow(/no disposal/);
  });

  it('builds a China–Georgia FTA certificate of origin for the lines the application names', () => {
    const doc = originCertificate();
    expect(doc.title).toEqual({ zh: '中国—格鲁吉亚自由贸易协定原产地证书', en: 'Certificate of Origin, China–Georgia Free Trade Agreement' });
    expect(doc.origin).toMatchObject({ form: 'china-georgia-fta', preferential: true, importingCountry: 'GE', transport: { mode: 'rail', portCode: 'ALASHANKOU', from: '义乌 Yiwu', transitCountries: ['KZ', 'AZ'] }, invoice: { number: 'YW-2016-0815' } });
    expect(doc.goods.map((g) => [g.sequence, g.hsCode, g.originCriterion, g.originRule])).toEqual([
      [1, '950300', 'WO', undefined],
      [2, '940360', 'PSR', { kind: 'RVC', valueContent: 45 }],
    ]);
    expect(doc.decision).toMatchObject({ outcome: 'certified', reasons: [{ code: 'ORIGIN_CERTIFIED' }] });
  });

  it('takes an approved origin application as it is (checked by tsc)', () => {
    const details = (application: OriginCertificateApplication): OriginCertificateDetails => application;
    expect(details).toBeTypeOf('function');
  });

  it('certifies only the named lines, numbered anew', () => {
    const doc = certificateDocumentFor({
      kind: 'certificate-of-origin',
      id: 'o-2',
      serial: 'ZJ2016000008',
      issuedAt: ISSUED_AT,
      issuingBureau: 'ZJ',
      consignment: exportConsignment({ goods: [goodsLine({ originCountry: 'DE' }), goodsLine({ hsCode: '950300', originCountry: 'CN' })] }),
      origin: { ...ORIGIN_DETAILS, form: 'general', importingCountry: 'ES', goods: [{ goodsLine: 1, criterion: 'ST', rule: { kind: 'CTH' } }] },
    });
    expect(doc.goods).toEqual([expect.objectContaining({ sequence: 1, hsCode: '950300', originCriterion: 'ST', originRule: { kind: 'CTH' } })]);
    expect(doc.origin?.preferential).toBe(false);
  });

  it('refuses documents whose parts do not agree', () => {
    expect(() => certificateDocumentFor({ kind: 'export-clearance', id: 'x', serial: 'CQ2016000001', issuedAt: ISSUED_AT, issuingBureau: 'CQ', consignment: importConsignment() })).toThrow(ZodError);
    // A serial of another bureau, or of another year.
    expect(() => importCertificate({ serial: 'XJ2016000042' })).toThrow(/bureau XJ/);
    expect(() => importCertificate({ serial: 'CQ2017000042' })).toThrow(/year 2017/);
    // The FTA form is for Georgia only, and takes WO, WP or PSR.
    expect(() =>
      certificateDocumentFor({ kind: 'certificate-of-origin', id: 'o', serial: 'ZJ2016000009', issuedAt: ISSUED_AT, issuingBureau: 'ZJ', consignment: exportConsignment(), origin: { ...ORIGIN_DETAILS, importingCountry: 'ES', goods: [{ goodsLine: 0, criterion: 'ST' }] } }),
    ).toThrow(/imports into GE[\s\S]*WO, WP, PSR/);
  });

  it('schema: every kind-specific rule is checked on a parsed document', () => {
    const doc = importCertificate();
    const withDisposal: CertificateDocument = { ...doc, decision: { ...doc.decision, disposal: { kind: 'return', text: { zh: '退运', en: 'return shipment' }, decidedIn: 'port-checks', decidedBy: 'XJ', decidedAt: ISSUED_AT } } };
    expect(problemsOf(withDisposal)).toEqual([expect.stringMatching(/^decision\.disposal: /)]);
    expect(problemsOf({ ...doc, decision: { ...doc.decision, outcome: 'rejected' } })).toEqual([expect.stringMatching(/^decision\.outcome: /)]);
    expect(problemsOf({ ...doc, goods: [{ ...doc.goods[0], sequence: 2 }] })).toEqual(['goods.0.sequence: line 1 has sequence 2']);
    expect(problemsOf({ ...doc, goods: [{ ...doc.goods[0], originCriterion: 'WO' }] })).toEqual([expect.stringMatching(/^goods\.0\.originCriterion: /)]);
    expect(problemsOf({ ...doc, extra: true })).not.toEqual([]);
    expect(problemsOf({ ...doc, schema: 'cr-express-certificate/2' })).not.toEqual([]);
  });
});
