import { CREDIT_CODES } from '#test/domain/fixtures.ts';

/**
 * The routes of market access, designated sites, going-out risk assessments and technical trade
 * measures (408号 三（三）、（五）) in the fault suite: valid bodies to fuzz from, the resources their
 * paths name, and the resources of the authorisation matrix. Kept apart so the suite's files only
 * route to them.
 *
 * Every market-access entry here covers logs (HS 4403) from Russia, goods no fuzzed or matrix
 * filing carries, so the register never changes what another request answers.
 */
export interface AccessPools {
  access: string[];
  sites: string[];
  assessments: string[];
  tradeMeasures: string[];
}

const DAY = 86_400_000;
const fromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export const marketAccessBody = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  country: 'RU',
  product: { zh: '原木', en: 'logs' },
  scope: { hsPrefixes: ['4403'] },
  conditions: { designatedSite: 'logs' },
  validFrom: '2024-01-01T00:00:00Z',
  ...overrides,
});

export const designatedSiteBody = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  bureau: 'HL',
  name: { zh: '满洲里进境原木指定监管场地', en: 'Manzhouli designated site for imported logs' },
  categories: ['logs'],
  ...overrides,
});

/** An own-use risk assessment of the Chongqing importer (machinery for a project in Kazakhstan). */
export const assessmentBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'own-use',
  enterprise: { creditCode: CREDIT_CODES.chongqingImporter, name: '重庆渝欧进出口有限公司' },
  product: { description: { zh: '施工机械', en: 'construction machinery' }, hsPrefixes: ['8429'] },
  country: 'KZ',
  risk: 'low',
  summary: '自用施工机械，风险低 / own-use construction machinery, low risk',
  validFrom: '2024-01-01T00:00:00Z',
  validUntil: fromNow(365),
  ...overrides,
});

export const tradeMeasureBody = (overrides: Record<string, unknown> = {}) => ({
  country: 'KZ',
  kind: 'technical-regulation',
  hsPrefixes: ['8429'],
  title: { zh: '欧亚经济联盟机械设备安全技术法规', en: 'EAEU technical regulation on the safety of machinery' },
  summary: { zh: '机械设备须取得 EAC 合格声明', en: 'Machinery needs an EAC declaration of conformity' },
  sourceUrl: 'https://eec.eaeunion.org/',
  effectiveDate: '2025-01-01',
  ...overrides,
});

/** Valid bodies of the write routes; undefined for another route. Ids repeat, so some are taken (409) and some new. */
export function accessSamples(routeKey: string, fresh: number): unknown[] | undefined {
  switch (routeKey) {
    case 'POST /market-access':
      return [marketAccessBody(`FUZZ-LOGS-${fresh % 3}`), marketAccessBody(`FUZZ-NEW-${fresh}`, { conditions: { permitRequired: true, minimumInspectionLevel: 'intensified' }, validUntil: fromNow(30) })];
    case 'PATCH /market-access/{id}':
    case 'PATCH /designated-sites/{id}':
      return [{ version: 1, categories: ['logs', 'grain'] }, { version: 1, conditions: { minimumInspectionLevel: 'intensified' } }, { version: 2, validUntil: null }, { version: 0, name: { zh: '改名', en: 'renamed' } }];
    case 'POST /designated-sites':
      return [designatedSiteBody(`FUZZ-SITE-${fresh % 3}`), designatedSiteBody(`FUZZ-SITE-NEW-${fresh}`, { categories: ['grain', 'fruit'] })];
    case 'POST /going-out/risk-assessments':
      return [assessmentBody(), assessmentBody({ kind: 'overseas-agricultural', product: { description: { zh: '大豆', en: 'soybeans' }, hsPrefixes: ['1201'] }, country: 'RU', risk: 'medium' })];
    case 'PATCH /going-out/risk-assessments/{id}':
      return [{ version: 1, risk: 'high' }, { version: 2, summary: '复评 / re-assessed' }];
    case 'POST /market-access/{id}/withdraw':
    case 'POST /designated-sites/{id}/withdraw':
    case 'POST /going-out/risk-assessments/{id}/withdraw':
      return [{ reason: 'fuzz' }, { reason: '暂停准入', version: 1 }];
    case 'POST /trade-measures':
      return [tradeMeasureBody(), tradeMeasureBody({ country: 'RU', kind: 'standard', hsPrefixes: ['44', '9403'] })];
    case 'PUT /trade-measure-subscription':
      return [{ countries: ['KZ'] }, { hsPrefixes: ['84'], active: true }, { active: false }];
    default:
      return undefined;
  }
}

/** The resources a route's path names; undefined for another route. */
export function accessPool(path: string, pools: AccessPools): readonly string[] | undefined {
  if (path.startsWith('/market-access/')) return pools.access;
  if (path.startsWith('/designated-sites/')) return pools.sites;
  if (path.startsWith('/going-out/risk-assessments/')) return pools.assessments;
  if (path.startsWith('/trade-measures/')) return pools.tradeMeasures;
  return undefined;
}

type Who = { bureau: string; role: 'officer' | 'declarant' | 'hq'; enterprise?: string };
type Call = (method: string, path: string, who: Who, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> | undefined }>;

const HQ: Who = { bureau: 'HQ', role: 'hq' };
const CQ: Who = { bureau: 'CQ', role: 'officer' };
let serial = 0;

async function created(call: Call, path: string, who: Who, body: unknown): Promise<string> {
  const answer = await call('POST', path, who, body);
  if (answer.status !== 201) throw new Error(`setup: POST ${path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  return String(answer.body!.id);
}

/** A market-access entry of its own (HQ registers it), at version 1. */
export const registeredAccess = (call: Call, prefix: string) => created(call, '/market-access', HQ, marketAccessBody(`${prefix}-${++serial}`));
/** A designated site of its own (HQ registers it), at version 1. */
export const registeredSite = (call: Call, prefix: string) => created(call, '/designated-sites', HQ, designatedSiteBody(`${prefix}-${++serial}`));
/** A risk assessment CQ keeps for the Chongqing importer, at version 1. */
export const recordedAssessment = (call: Call) => created(call, '/going-out/risk-assessments', CQ, assessmentBody({ summary: `matrix ${++serial}` }));
/** A note CQ publishes. */
export const publishedTradeMeasure = (call: Call) => created(call, '/trade-measures', CQ, tradeMeasureBody({ summary: { zh: `摘要 ${++serial}`, en: `summary ${serial}` } }));
