import type { GoodsLine } from '../goods-line.ts';
import type { LocalisedText } from '../text.ts';
import type { ThirdPartyCertificate } from '../third-party-certificate.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import type { RecognisedBody } from './context.ts';

/** Why a certificate, or its result for some goods lines, is not relied on. */
export type IgnoredBecause =
  | 'body-not-recognised'
  | 'body-withdrawn'
  | 'recognition-not-yet-valid'
  | 'recognition-expired'
  | 'certificate-not-valid'
  | 'outside-recognised-scope'
  | 'scope-covers-no-goods';

export interface IgnoredResult {
  certificateNumber: string;
  because: IgnoredBecause;
  /** The goods lines the finding is about, when it is about some only (indexes into `goods`). */
  goodsLines?: number[];
  /** The particulars: which body, which dates, which HS codes. */
  detail: LocalisedText;
}

export interface ThirdPartyVerdict {
  /** Every goods line is covered by at least one accepted certificate. */
  recognised: boolean;
  /** Certificate numbers accepted (only when `recognised`). */
  accepted: string[];
  /** Every certificate, or part of one, that is not relied on, each with its reason. */
  ignored: IgnoredResult[];
  /**
   * Goods lines no acceptable certificate covers, with the certificates that were acceptable for
   * other lines: they are not enough, so the result is not recognised. Absent when every line is
   * covered or no certificate was acceptable at all (each then has its own reason).
   */
  uncovered?: { goodsLines: number[]; certificates: string[] };
}

const day = (timestamp: string) => timestamp.slice(0, 10);

/** A line is in the body's recognised scope when a prefix covers its code or it has a listed category. */
function inRecognisedScope(body: RecognisedBody, line: GoodsLine): boolean {
  if (body.scope === undefined && body.categories === undefined) return true;
  return (body.scope ?? []).some((p) => hsPrefixCovers(p, line.hsCode)) || (body.categories ?? []).some((c) => line.categories.includes(c));
}

/** Why the certificate cannot be relied on at all at filing time, or undefined when it can. */
function refusal(certificate: ThirdPartyCertificate, body: RecognisedBody | undefined, filedAt: number): Omit<IgnoredResult, 'certificateNumber'> | undefined {
  const id = certificate.bodyId;
  if (!body) {
    return { because: 'body-not-recognised', detail: { zh: `机构 ${id} 不在认可名录中`, en: `${id} is not in the register of recognised bodies` } };
  }
  if (body.withdrawn !== undefined && Date.parse(body.withdrawn.at) <= filedAt) {
    const { at, reason } = body.withdrawn;
    return {
      because: 'body-withdrawn',
      detail: { zh: `机构 ${id} 的认可已于 ${day(at)} 撤销（${reason}）`, en: `the recognition of ${id} was withdrawn on ${day(at)} (${reason})` },
    };
  }
  if (body.recognisedFrom !== undefined && Date.parse(body.recognisedFrom) > filedAt) {
    const from = day(body.recognisedFrom);
    return { because: 'recognition-not-yet-valid', detail: { zh: `机构 ${id} 的认可自 ${from} 起生效`, en: `the recognition of ${id} starts on ${from}` } };
  }
  if (body.recognisedUntil !== undefined && Date.parse(body.recognisedUntil) < filedAt) {
    const until = day(body.recognisedUntil);
    return { because: 'recognition-expired', detail: { zh: `机构 ${id} 的认可已于 ${until} 到期`, en: `the recognition of ${id} ended on ${until}` } };
  }
  if (Date.parse(certificate.issuedAt) > filedAt || Date.parse(certificate.validUntil) < filedAt) {
    const [from, until] = [day(certificate.issuedAt), day(certificate.validUntil)];
    return { because: 'certificate-not-valid', detail: { zh: `证书有效期为 ${from} 至 ${until}`, en: `the certificate is valid from ${from} to ${until}` } };
  }
  return undefined;
}

/**
 * A certificate is accepted for a line when its body is in the register and neither withdrawn
 * nor outside its recognition at filing time, the certificate is valid at filing time, and both
 * the certificate's scope and the body's recognised scope cover the line. Every certificate that
 * is not accepted, and every line a certificate names but its body may not certify, comes back
 * with its reason: nothing is dropped silently.
 */
export function evaluateThirdPartyResults(input: {
  certificates: readonly ThirdPartyCertificate[];
  bodies: readonly RecognisedBody[];
  goods: readonly GoodsLine[];
  filedAt: string;
}): ThirdPartyVerdict {
  const filedAt = Date.parse(input.filedAt);
  const ignored: IgnoredResult[] = [];
  /** Lines each acceptable certificate is relied on for. */
  const relied = new Map<string, number[]>();

  for (const certificate of input.certificates) {
    const n = certificate.certificateNumber;
    const body = input.bodies.find((b) => b.id === certificate.bodyId);
    const refused = refusal(certificate, body, filedAt);
    if (refused || !body) {
      if (refused) ignored.push({ certificateNumber: n, ...refused });
      continue;
    }
    const named = input.goods.flatMap((line, index) => (certificate.scope.some((p) => hsPrefixCovers(p, line.hsCode)) ? [index] : []));
    if (named.length === 0) {
      ignored.push({
        certificateNumber: n,
        because: 'scope-covers-no-goods',
        detail: { zh: `证书范围（HS ${certificate.scope.join('、')}）不含本批任何货物`, en: `its scope (HS ${certificate.scope.join(', ')}) covers none of the goods` },
      });
      continue;
    }
    const recognisedFor = named.filter((index) => inRecognisedScope(body, input.goods[index]!));
    const beyond = named.filter((index) => !recognisedFor.includes(index));
    if (beyond.length > 0) {
      const codes = beyond.map((index) => input.goods[index]!.hsCode);
      ignored.push({
        certificateNumber: n,
        because: 'outside-recognised-scope',
        goodsLines: beyond,
        detail: { zh: `机构 ${body.id} 的认可范围不含 HS ${codes.join('、')}`, en: `the recognition of ${body.id} does not cover HS ${codes.join(', ')}` },
      });
    }
    // Two certificates may carry the same number (nothing forbids it): their lines add up.
    if (recognisedFor.length > 0) relied.set(n, [...(relied.get(n) ?? []), ...recognisedFor]);
  }

  const covered = new Set([...relied.values()].flat());
  const uncoveredLines = input.goods.map((_, index) => index).filter((index) => !covered.has(index));
  const recognised = input.goods.length > 0 && uncoveredLines.length === 0;
  return {
    recognised,
    accepted: recognised ? [...relied.keys()] : [],
    ignored,
    ...(relied.size > 0 && uncoveredLines.length > 0 && { uncovered: { goodsLines: uncoveredLines, certificates: [...relied.keys()] } }),
  };
}
