/**
 * `npm run bench:certificates`: what a certificate costs, on this machine, with the libraries the
 * functions use: building, signing (ES256 over RFC 8785 JSON; a key in memory stands in for KMS,
 * whose round trip is not ours to measure), the PDF (first render includes reading and parsing
 * the 10 MB CJK font; later renders reuse it), verification, and the sizes, for a one-line
 * consignment and one at every input limit.
 */
import { renderCertificatePdf } from '#shared/certificates/certificate-pdf.ts';
import { KeyCertificateSigner } from '#shared/certificates/key-certificate-signer.ts';
import { signCertificate } from '#shared/certificates/sign-certificate.ts';
import { verifyCertificate } from '#shared/certificates/verify-certificate.ts';
import { certificateDocumentFor } from '#shared/domain/certificates/certificate-document-for.ts';
import { consignmentFilingSchema, createConsignment, type ConsignmentFiling } from '#shared/domain/consignment.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { importFiling, inspectionContext } from '#test/domain/fixtures.ts';
import { maximalImportFiling } from '#test/domain/limit-bodies.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const signer = KeyCertificateSigner.generate();
const jwks = await signer.publicJwks();

function documentOf(filing: ConsignmentFiling) {
  const draft = createConsignment(filing, { id: '01JBENCHCONSIGNMENT000001', at: new Date().toISOString() });
  const consignment = { ...draft, inspectionPlan: planInspection(draft, inspectionContext()) };
  const issuedAt = new Date().toISOString();
  return certificateDocumentFor({ kind: 'import-inspection-certificate', id: 'BENCH', serial: `CQ${issuedAt.slice(0, 4)}000001`, issuedAt, issuingBureau: 'CQ', officer: { subject: 'officer-cq' }, consignment });
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

for (const [name, filing] of [
  ['one goods line, one container', consignmentFilingSchema.parse(importFiling())],
  ['every input at its limit', consignmentFilingSchema.parse(maximalImportFiling())],
] as const) {
  const document = documentOf(filing);
  const first = await timed(async () => renderCertificatePdf(await signCertificate(document, signer), { verificationUrl: 'https://example.invalid/verify/X' }));
  const sign: number[] = [];
  const render: number[] = [];
  const verify: number[] = [];
  let pdfBytes = 0;
  let signedBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const signed = await timed(() => signCertificate(document, signer));
    sign.push(signed.ms);
    signedBytes = Buffer.byteLength(signed.value.jws);
    const pdf = await timed(() => renderCertificatePdf(signed.value, { verificationUrl: 'https://example.invalid/verify/X' }));
    render.push(pdf.ms);
    pdfBytes = pdf.value.byteLength;
    const verified = await timed(() => verifyCertificate(signed.value, jwks));
    if (!verified.value.valid) throw new Error('a certificate the bench signed did not verify');
    verify.push(verified.ms);
  }
  console.log(`${name}: ${filing.goods.length} goods lines, ${filing.containers.length} containers`);
  console.log(`  sign (canonical JSON + ES256)   median ${median(sign).toFixed(1)} ms`);
  console.log(`  PDF, first in the process       ${first.ms.toFixed(0)} ms (reads and parses the font)`);
  console.log(`  PDF, warm                       median ${median(render).toFixed(1)} ms, ${(pdfBytes / 1024).toFixed(0)} KB`);
  console.log(`  verify (offline, JWKS)          median ${median(verify).toFixed(1)} ms`);
  console.log(`  stored item (the JWS)           ${(signedBytes / 1024).toFixed(0)} KB`);
}
