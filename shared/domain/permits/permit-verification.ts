import type { PortCode } from '../codes.ts';
import { chinesePartyOf, inlandBureauOf, type ConsignmentFiling } from '../consignment.ts';
import type { GoodsLine } from '../goods-line.ts';
import type { PlanReason } from '../inspection-plan.ts';
import type { PermitReference } from '../permit-reference.ts';
import { explain, type ReasonParams } from '../policy/reasons.ts';
import { bureauByCode } from '../reference/bureaus.ts';
import { portBureau } from '../reference/ports.ts';
import type { LocalisedText } from '../text.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import type { UnitCode } from '../validators/quantity.ts';
import type { Permit, PermitProduct } from './permit.ts';
import type { PermitReasonCode } from './permit-reasons.ts';
import { permitRequirements } from './permit-requirements.ts';

/**
 * Automatic verification (自动校验) of the permits a filing cites, against the register: pure, so
 * the same filing and register entries always give the same answer. Every mismatch is a finding
 * that names the field of the filing it concerns (`permits.0.number`, `goods.1.hsCode`, `portCode`,
 * or `permits` when goods need a permit and none is cited) and the rule, as a reason code with its
 * bilingual text. A filing with no finding is written off as `draws` says.
 *
 * The checks, per citation: it is cited once; the register holds it for the filing's Chinese
 * party (a permit of another enterprise is, to this filer, unknown: nobody learns of others'
 * permits by citing them, as GET /permits/{number} answers 404); its kind is the one cited; it is
 * not cancelled; the filing time lies in its validity window; it allows the border port; the goods
 * lines it covers are within its product and come from a country it allows; the unit is the
 * permit's and the quantity is what those lines declare; the permit has that much left.
 * Then, per goods line that needs a permit (permit-requirements.ts): some valid citation covers it.
 */

/** What verification reads of a filing (a parsed filing, or a stored consignment). */
export type CitingFiling = Pick<ConsignmentFiling, 'direction' | 'portCode' | 'consignor' | 'consignee' | 'destinationBureau' | 'originBureau'> & {
  goods: ReadonlyArray<Pick<GoodsLine, 'hsCode' | 'categories' | 'originCountry' | 'quantity' | 'unit' | 'netWeightKg'>>;
  permits?: readonly PermitReference[] | undefined;
};

export interface PermitFinding {
  /** Where in the filing, from its root: `['permits', 0, 'quantity']`, `['goods', 1, 'hsCode']`, `['permits']`. */
  path: Array<string | number>;
  reason: PlanReason;
  /**
   * The permit's balance refuses the filing, not the filing itself: the API answers 409 and a
   * later filing may succeed (a rejection returns quantity). Every other finding is a 400.
   */
  conflict: boolean;
}

/** What one citation writes off: its quantity, in the permit's unit, for these goods lines. */
export interface PermitDraw {
  number: string;
  quantity: number;
  goodsLines: number[];
}

export interface PermitVerification {
  findings: PermitFinding[];
  /** Empty unless there is no finding. */
  draws: PermitDraw[];
}

export interface PermitVerificationInput {
  filing: CitingFiling;
  /** The register's entries for the numbers cited; a number missing here is not registered. */
  register: ReadonlyMap<string, Permit>;
  /** The filing time, which the validity window must cover. */
  at: string;
  /** A retried filing's consignment id: a reservation it already holds is not asked for again. */
  consignmentId?: string;
}

const KILOGRAMS_PER: Partial<Record<UnitCode, number>> = { GRM: 0.001, KGM: 1, TNE: 1000 };

/** How much of the line, in `unit`: its own quantity, or its mass when the permit counts mass. */
export function amountIn(line: Pick<GoodsLine, 'quantity' | 'unit' | 'netWeightKg'>, unit: UnitCode): number | undefined {
  if (line.unit === unit) return line.quantity;
  const target = KILOGRAMS_PER[unit];
  if (target === undefined) return undefined;
  const declared = KILOGRAMS_PER[line.unit];
  return (declared !== undefined ? line.quantity * declared : line.netWeightKg) / target;
}

/** Decimal quantities summed in binary floating point: equal to a few parts in a billion. */
function sameAmount(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

const show = (n: number) => String(Number(n.toPrecision(12)));

export function productCovers(product: PermitProduct, line: Pick<GoodsLine, 'hsCode' | 'categories'>): boolean {
  if (!product.hsCodes.some((prefix) => hsPrefixCovers(prefix, line.hsCode))) return false;
  return product.categories === undefined || product.categories.some((c) => line.categories.includes(c));
}

/** A citation the register knows for this holder, with the goods lines it covers. */
interface Resolved {
  index: number;
  citation: PermitReference;
  permit: Permit;
  lines: number[];
}

export function verifyPermitCitations(input: PermitVerificationInput): PermitVerification {
  const { filing, register } = input;
  const citations = filing.permits ?? [];
  const names: ReasonParams = {
    portBureau: bureauByCode(portBureau(filing.portCode)).shortName,
    inlandBureau: bureauByCode(inlandBureauOf(filing)).shortName,
  };
  const findings: PermitFinding[] = [];
  const find = (path: PermitFinding['path'], code: PermitReasonCode, extra: Partial<ReasonParams> = {}, conflict = false) =>
    findings.push({ path, reason: explain(code, { ...names, ...extra }), conflict });

  const holder = chinesePartyOf(filing).creditCode;
  const resolved: Resolved[] = [];
  const seen = new Set<string>();
  citations.forEach((citation, index) => {
    const refs = [citation.number];
    if (seen.has(citation.number)) return find(['permits', index, 'number'], 'PERMIT_CITED_TWICE', { refs });
    seen.add(citation.number);
    const permit = register.get(citation.number);
    if (!permit || permit.holder.creditCode !== holder) return find(['permits', index, 'number'], 'PERMIT_UNKNOWN', { refs });
    resolved.push({ index, citation, permit, lines: coveredLines(filing, citations, index, permit) });
  });

  for (const r of resolved) checkCitation(r, input, find);
  checkSharedLines(resolved, filing, find);
  checkAmbiguousLines(resolved, filing, find);
  checkRequirements(resolved, filing, find);

  if (findings.length > 0) return { findings, draws: [] };
  return { findings, draws: resolved.map((r) => ({ number: r.permit.number, quantity: r.citation.quantity, goodsLines: r.lines })) };
}

/**
 * The lines a citation covers: the one it names with `goodsLine`, or every line within the
 * permit's product that no citation of the same kind names explicitly.
 */
function coveredLines(filing: CitingFiling, citations: readonly PermitReference[], index: number, permit: Permit): number[] {
  const citation = citations[index]!;
  if (citation.goodsLine !== undefined) return [citation.goodsLine];
  const named = new Set(citations.filter((c) => c.kind === citation.kind && c.goodsLine !== undefined).map((c) => c.goodsLine));
  return filing.goods.flatMap((line, i) => (!named.has(i) && productCovers(permit.product, line) ? [i] : []));
}

type Find = (path: PermitFinding['path'], code: PermitReasonCode, extra?: Partial<ReasonParams>, conflict?: boolean) => void;

function checkCitation({ index, citation, permit, lines }: Resolved, input: PermitVerificationInput, find: Find): void {
  const { filing, at } = input;
  const refs = [permit.number];
  const filedAt = Date.parse(at);
  if (citation.kind !== permit.kind) {
    find(['permits', index, 'kind'], 'PERMIT_KIND_MISMATCH', { refs, detail: { zh: `登记种类为 ${permit.kind}`, en: `registered as ${permit.kind}` } });
  }
  if (permit.status === 'cancelled') find(['permits', index, 'number'], 'PERMIT_CANCELLED', { refs });
  if (filedAt < Date.parse(permit.validFrom) || filedAt > Date.parse(permit.validUntil)) {
    find(['permits', index, 'number'], 'PERMIT_NOT_VALID', {
      refs,
      detail: { zh: `有效期 ${permit.validFrom} 至 ${permit.validUntil}`, en: `valid from ${permit.validFrom} until ${permit.validUntil}` },
    });
  }
  if (!permit.ports.includes(filing.portCode as PortCode)) {
    find(['portCode'], 'PERMIT_PORT_NOT_PERMITTED', { refs, detail: portDetail(filing.portCode, permit.ports) });
  }

  const product = productDetail(permit.product);
  if (citation.goodsLine !== undefined && !productCovers(permit.product, filing.goods[citation.goodsLine]!)) {
    find(['goods', citation.goodsLine, 'hsCode'], 'PERMIT_PRODUCT_NOT_COVERED', { refs, goodsLines: [citation.goodsLine], detail: product });
    return;
  }
  if (lines.length === 0) {
    find(['permits', index, 'number'], 'PERMIT_PRODUCT_NOT_COVERED', { refs, detail: product });
    return;
  }
  // The permit's countries are where the goods come from; for an export (a special-item
  // approval), where they go: the consignee's country.
  if (filing.direction === 'export') {
    const destination = filing.consignee.country;
    if (!permit.originCountries.includes(destination)) {
      find(['consignee', 'country'], 'PERMIT_ORIGIN_NOT_ALLOWED', { refs, detail: countriesDetail(destination, permit.originCountries) });
    }
  } else {
    for (const i of lines) {
      const origin = filing.goods[i]!.originCountry;
      if (!permit.originCountries.includes(origin)) {
        find(['goods', i, 'originCountry'], 'PERMIT_ORIGIN_NOT_ALLOWED', { refs, goodsLines: [i], detail: countriesDetail(origin, permit.originCountries) });
      }
    }
  }

  if (citation.unit !== permit.unit) {
    find(['permits', index, 'unit'], 'PERMIT_UNIT_MISMATCH', { refs, detail: { zh: `许可证以 ${permit.unit} 计`, en: `the permit counts in ${permit.unit}` } });
    return;
  }
  const unconvertible = lines.find((i) => amountIn(filing.goods[i]!, permit.unit) === undefined);
  if (unconvertible !== undefined) {
    const line = filing.goods[unconvertible]!;
    find(['goods', unconvertible, 'unit'], 'PERMIT_UNIT_MISMATCH', {
      refs,
      goodsLines: [unconvertible],
      detail: { zh: `货物以 ${line.unit} 申报，无法折算为许可证的 ${permit.unit}`, en: `the line counts in ${line.unit}, which does not convert to the permit's ${permit.unit}` },
    });
    return;
  }
  // A line named by several citations is split between them (checkSharedLines); otherwise the
  // citation writes off exactly what its lines declare.
  if (citation.goodsLine === undefined || !isShared(input.filing, citation)) {
    const covered = lines.reduce((sum, i) => sum + amountIn(filing.goods[i]!, permit.unit)!, 0);
    if (!sameAmount(covered, citation.quantity)) {
      find(['permits', index, 'quantity'], 'PERMIT_QUANTITY_MISMATCH', {
        refs,
        goodsLines: lines,
        detail: {
          zh: `引用 ${show(citation.quantity)} ${permit.unit}，所覆盖货物为 ${show(covered)} ${permit.unit}`,
          en: `cited ${show(citation.quantity)} ${permit.unit}; the goods covered declare ${show(covered)} ${permit.unit}`,
        },
      });
      return;
    }
  }

  const own = input.consignmentId !== undefined ? permit.uses[input.consignmentId] : undefined;
  // A retried filing already holding this reservation is not asked for it twice.
  const held = own?.state === 'reserved' && sameAmount(own.quantity, citation.quantity);
  if (!held && permit.status === 'active' && citation.quantity > permit.remaining) {
    find(
      ['permits', index, 'quantity'],
      'PERMIT_BALANCE_INSUFFICIENT',
      {
        refs,
        detail: {
          zh: `余量 ${show(permit.remaining)} ${permit.unit}，本批核销 ${show(citation.quantity)} ${permit.unit}`,
          en: `${show(permit.remaining)} ${permit.unit} left, ${show(citation.quantity)} ${permit.unit} cited`,
        },
      },
      true,
    );
  }
}

function isShared(filing: CitingFiling, citation: PermitReference): boolean {
  return (filing.permits ?? []).filter((c) => c.kind === citation.kind && c.goodsLine === citation.goodsLine).length > 1;
}

/**
 * A line split between several citations (each naming it with `goodsLine`): their quantities,
 * each as a share of the line in its permit's unit, must add up to the whole line.
 */
function checkSharedLines(resolved: Resolved[], filing: CitingFiling, find: Find): void {
  const groups = new Map<string, Resolved[]>();
  for (const r of resolved) {
    if (r.citation.goodsLine === undefined || !isShared(filing, r.citation)) continue;
    const key = `${r.citation.kind}#${r.citation.goodsLine}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const line = filing.goods[group[0]!.citation.goodsLine!]!;
    const shares = group.map((r) => {
      const whole = r.citation.unit === r.permit.unit ? amountIn(line, r.permit.unit) : undefined;
      return whole === undefined ? undefined : r.citation.quantity / whole;
    });
    // A citation with a unit problem was already reported; its share is unknown.
    if (shares.some((s) => s === undefined)) continue;
    const total = shares.reduce<number>((sum, s) => sum + s!, 0);
    if (sameAmount(total, 1)) continue;
    for (const r of group) {
      find(['permits', r.index, 'quantity'], 'PERMIT_QUANTITY_MISMATCH', {
        refs: [r.permit.number],
        goodsLines: [r.citation.goodsLine!],
        detail: {
          zh: `分别引用的许可证合计为该项货物的 ${show(total * 100)}%，应为 100%`,
          en: `the citations of this line add up to ${show(total * 100)}% of it, not 100%`,
        },
      });
    }
  }
}

/**
 * No goods line is written off twice by citations that do not name it (two permits whose
 * products both cover it must each name their line with `goodsLine`).
 */
function checkAmbiguousLines(resolved: Resolved[], filing: CitingFiling, find: Find): void {
  filing.goods.forEach((_, line) => {
    for (const kind of new Set(resolved.map((r) => r.permit.kind))) {
      const implicit = resolved.filter((r) => r.permit.kind === kind && r.citation.goodsLine === undefined && r.lines.includes(line));
      if (implicit.length < 2) continue;
      for (const r of implicit) find(['permits', r.index, 'goodsLine'], 'PERMIT_LINE_AMBIGUOUS', { refs: [r.permit.number], goodsLines: [line] });
    }
  });
}

/**
 * Every goods line that needs a permit of a kind is cited by a permit of that kind (one with
 * problems of its own counts: those are reported already, and once more as "missing" helps nobody).
 */
function checkRequirements(resolved: Resolved[], filing: CitingFiling, find: Find): void {
  const citations = filing.permits ?? [];
  const unresolved = citations.filter((_, i) => !resolved.some((r) => r.index === i));
  const missing = new Map<PermitReasonCode, number[]>();
  for (const need of permitRequirements(filing)) {
    if (resolved.some((r) => r.permit.kind === need.kind && r.lines.includes(need.goodsLine))) continue;
    // A citation the register does not know (reported as such) may be meant for this line.
    if (unresolved.some((c) => c.kind === need.kind && (c.goodsLine === undefined || c.goodsLine === need.goodsLine))) continue;
    missing.set(need.code, [...(missing.get(need.code) ?? []), need.goodsLine]);
  }
  const citesNone = citations.length === 0;
  for (const [code, lines] of missing) {
    // With nothing cited, the field to fill in is `permits`; otherwise the lines left uncovered.
    if (citesNone) find(['permits'], code, { goodsLines: lines });
    else for (const line of lines) find(['goods', line], code, { goodsLines: [line] });
  }
}

function countriesDetail(country: string, allowed: readonly string[]): LocalisedText {
  return { zh: `${country} 不在准许的 ${allowed.join('、')} 之内`, en: `${country} is not among the allowed ${allowed.join(', ')}` };
}

function portDetail(port: string, allowed: readonly string[]): LocalisedText {
  return { zh: `申报口岸 ${port}，准许 ${allowed.join('、')}`, en: `declared port ${port}; allowed: ${allowed.join(', ')}` };
}

function productDetail(product: PermitProduct): LocalisedText {
  const codes = product.hsCodes.join(', ');
  return { zh: `许可证产品：${product.description}（HS ${codes}）`, en: `the permit covers ${product.description} (HS ${codes})` };
}

/** A finding as one bilingual line, the way validation messages read. */
export function findingMessage(finding: PermitFinding): string {
  return `${finding.reason.text.zh} / ${finding.reason.text.en}`;
}

