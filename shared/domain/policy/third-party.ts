import type { GoodsLine } from '../goods-line.ts';
import type { LocalisedText } from '../text.ts';
import type { ThirdPartyCertificate } from '../third-party-certificate.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import type { RecognisedBody } from './context.ts';

export interface ThirdPartyVerdict {
  /** Every goods line is covered by at least one acceptable certificate. */
  recognised: boolean;
  /** Certificate numbers accepted. */
  accepted: string[];
  /** Why certificates (or lines) were not accepted. */
  problems: LocalisedText[];
}

/**
 * A certificate is accepted for a line when its body is recognised (and still recognised at
 * filing time), the certificate is valid at filing time, and both the certificate's scope and
 * the body's recognised scope cover the line's HS code.
 */
export function evaluateThirdPartyResults(input: {
  certificates: readonly ThirdPartyCertificate[];
  bodies: readonly RecognisedBody[];
  goods: readonly GoodsLine[];
  filedAt: string;
}): ThirdPartyVerdict {
  const filedAt = Date.parse(input.filedAt);
  const problems: LocalisedText[] = [];
  const usable: Array<{ certificate: ThirdPartyCertificate; body: RecognisedBody }> = [];

  for (const certificate of input.certificates) {
    const n = certificate.certificateNumber;
    const body = input.bodies.find((b) => b.id === certificate.bodyId);
    if (!body) {
      problems.push({ zh: `${n}：签发机构未获认可`, en: `${n}: the issuing body is not recognised` });
    } else if (body.recognisedUntil !== undefined && Date.parse(body.recognisedUntil) < filedAt) {
      problems.push({ zh: `${n}：签发机构的认可已过期`, en: `${n}: the body's recognition has expired` });
    } else if (Date.parse(certificate.issuedAt) > filedAt || Date.parse(certificate.validUntil) < filedAt) {
      problems.push({ zh: `${n}：报检时证书不在有效期内`, en: `${n}: the certificate is not valid at filing time` });
    } else {
      usable.push({ certificate, body });
    }
  }

  const accepted = new Set<string>();
  const uncovered: number[] = [];
  input.goods.forEach((line, index) => {
    const covering = usable.filter(
      ({ certificate, body }) =>
        certificate.scope.some((p) => hsPrefixCovers(p, line.hsCode)) &&
        (body.scope === undefined || body.scope.some((p) => hsPrefixCovers(p, line.hsCode))),
    );
    if (covering.length === 0) uncovered.push(index);
    for (const { certificate } of covering) accepted.add(certificate.certificateNumber);
  });
  if (usable.length > 0 && uncovered.length > 0) {
    const lines = uncovered.map((i) => i + 1);
    problems.push({
      zh: `第 ${lines.join('、')} 项货物不在有效证书或认可范围内`,
      en: `goods line(s) ${lines.join(', ')} are outside the scope of a valid certificate or recognition`,
    });
  }

  const recognised = input.goods.length > 0 && uncovered.length === 0;
  return { recognised, accepted: recognised ? [...accepted] : [], problems };
}
