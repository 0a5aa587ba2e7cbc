/**
 * The pieces every reason text is made of (policy/reasons.ts and the tables it merges in:
 * permits/permit-reasons.ts, alerts/alert-reasons.ts). Imports nothing, so those tables can use
 * it without an import cycle.
 */
export interface ReasonTextParams {
  goodsLines?: number[] | undefined;
  refs?: string[] | undefined;
}

/** A reason code's rule and its two texts. */
export type ReasonTemplate<Params extends ReasonTextParams = ReasonTextParams> = { rule: string; zh: (p: Params) => string; en: (p: Params) => string };

export function linesZh(p: ReasonTextParams): string {
  return p.goodsLines?.length ? `第 ${p.goodsLines.map((i) => i + 1).join('、')} 项货物` : '货物';
}
export function linesEn(p: ReasonTextParams): string {
  return p.goodsLines?.length ? `goods line(s) ${p.goodsLines.map((i) => i + 1).join(', ')}` : 'the goods';
}
export const refsZh = (p: ReasonTextParams) => (p.refs ?? []).join('、');
export const refsEn = (p: ReasonTextParams) => (p.refs ?? []).join(', ');
