import { createConsignment, type Consignment, type ConsignmentFiling } from '#shared/domain/consignment.ts';
import { certificateDocumentFor, type CertificateDocumentInput, type OriginCertificateDetails } from '#shared/domain/certificates/certificate-document-for.ts';
import type { CertificateDocument } from '#shared/domain/certificates/certificate-document.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { KeyCertificateSigner } from '#shared/certificates/key-certificate-signer.ts';
import { signCertificate } from '#shared/certificates/sign-certificate.ts';
import type { SignedCertificate } from '#shared/certificates/signed-certificate.ts';
import { exportFiling, FILED_AT, goodsLine, importFiling, inspectionContext } from '../domain/fixtures.ts';

export const ISSUED_AT = '2016-09-03T10:15:00+08:00';
export const VERIFICATION_URL = 'https://inspection.example.cn/verify/CQ2016000042';

/** A filed consignment with its inspection plan, as the lifecycle holds it at release. */
export function plannedConsignment(filing: ConsignmentFiling, id = '01J9CERTIFICATECONSIGNMENT'): Consignment {
  const consignment = createConsignment(filing, { id, at: FILED_AT });
  return { ...consignment, inspectionPlan: planInspection(consignment, inspectionContext()), status: 'released' };
}

export function importConsignment(overrides: Partial<ConsignmentFiling> = {}): Consignment {
  return plannedConsignment(importFiling({ trainId: 'X8024-20160901', ...overrides }));
}

export function exportConsignment(overrides: Partial<ConsignmentFiling> = {}): Consignment {
  return plannedConsignment(exportFiling({ trainId: 'X8001-20160902', ...overrides }), '01J9EXPORTCONSIGNMENT0001');
}

/** An import released by Chongqing with two goods lines: the document most tests sign. */
export function importCertificate(overrides: Partial<CertificateDocumentInput> = {}): CertificateDocument {
  return certificateDocumentFor({
    kind: 'import-inspection-certificate',
    id: '01J9CERTIFICATE000000042',
    serial: 'CQ2016000042',
    issuedAt: ISSUED_AT,
    issuingBureau: 'CQ',
    officer: { subject: 'cq-officer-wang' },
    consignment: importConsignment({
      goods: [goodsLine(), goodsLine({ hsCode: '851713', description: '智能手机 smartphones', quantity: 1200, netWeightKg: 240.5, originCountry: 'PL' })],
    }),
    ...overrides,
  });
}

export const ORIGIN_DETAILS: OriginCertificateDetails = {
  form: 'china-georgia-fta',
  exporter: { name: '义乌小商品出口有限公司', country: 'CN', creditCode: '91330782MA28A0001M' },
  importingCountry: 'GE',
  goods: [
    { goodsLine: 0, criterion: 'WO' },
    { goodsLine: 1, criterion: 'PSR', rule: { kind: 'RVC', valueContent: 45 } },
  ],
  producer: { name: '金华玩具制造有限公司', address: '浙江省金华市婺城区工业园 8 号', country: 'CN' },
  invoice: { number: 'YW-2016-0815', date: '2016-08-30' },
  transport: { from: '义乌 Yiwu', to: '第比利斯 Tbilisi', departureDate: '2016-09-02', trainNumber: 'X8001', transitCountries: ['KZ', 'AZ'] },
};

export function originCertificate(): CertificateDocument {
  return certificateDocumentFor({
    kind: 'certificate-of-origin',
    id: '01J9CERTIFICATEORIGIN0007',
    serial: 'ZJ2016000007',
    issuedAt: ISSUED_AT,
    issuingBureau: 'ZJ',
    officer: { subject: 'zj-origin-officer' },
    consignment: exportConsignment({
      consignee: { name: 'Tbilisi Trading LLC', country: 'GE' },
      goods: [
        goodsLine({ hsCode: '950300', description: '玩具 toys', originCountry: 'CN' }),
        goodsLine({ hsCode: '940360', description: '木制家具 wooden furniture', quantity: 80, unit: 'SET', netWeightKg: 3200, originCountry: 'CN' }),
      ],
    }),
    origin: ORIGIN_DETAILS,
  });
}

/** One signer per test process: generating a key is cheap, but one key keeps kids stable in a file. */
export const signer = KeyCertificateSigner.generate();

export function signed(document: CertificateDocument = importCertificate()): Promise<SignedCertificate> {
  return signCertificate(document, signer);
}

/** The JWS with one character of its payload segment changed (still valid base64url). */
export function withPayloadByteChanged(jws: string): string {
  const [header, payload = '', signature] = jws.split('.');
  const at = Math.floor(payload.length / 2);
  const replacement = payload[at] === 'A' ? 'B' : 'A';
  return [header, payload.slice(0, at) + replacement + payload.slice(at + 1), signature].join('.');
}
