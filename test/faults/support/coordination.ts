import { BUREAU_CODES } from '#shared/domain/codes.ts';

/**
 * The coordination routes (408号 三（十）、四: cases, the directory, reports, policy notices) in the
 * fault suite: valid bodies to fuzz from, the resources their paths name, and the requests and
 * resources of the authorisation matrix. Kept apart so the suite's files only route to them.
 */
export interface CoordinationPools {
  consignments: string[];
  trains: string[];
  /** Coordination cases, the first a general case CQ opened with SC (lead XJ). */
  cases: string[];
  reports: string[];
}

/** A general case between Chongqing and Sichuan (both of the XJ-led group). */
export const generalCaseBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'documents',
  subject: { type: 'general' },
  addressedBureau: 'SC',
  title: '随附单证印章位置',
  description: 'The seal of the Chengdu certificates is on page two.',
  ...overrides,
});

export const directoryBody = (version: number, overrides: Record<string, unknown> = {}) => ({
  version,
  division: { zh: '通关业务处', en: 'Clearance Division' },
  contacts: [{ name: '李明', title: '副处长', phone: '+86 23 6888 1234', email: 'liming@cq.example.cn', dockingPorts: ['ALASHANKOU'] }],
  ...overrides,
});

export const reportBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'good-practice',
  title: '回程班列通关经验',
  body: '口岸仅做辐射监测与集装箱检疫，目的地检验检疫。',
  ...overrides,
});

export const policyNoticeBody = (overrides: Record<string, unknown> = {}) => ({
  title: '进口直通政策说明',
  body: '经阿拉山口口岸进境的一般货物在目的地实施检验检疫。',
  ...overrides,
});

/** Valid bodies of the coordination write routes, with the ids that exist now; undefined for another route. */
export function coordinationSamples(routeKey: string, pools: CoordinationPools, fresh: number): unknown[] | undefined {
  switch (routeKey) {
    case 'POST /cases':
      return [
        generalCaseBody(),
        generalCaseBody({ kind: 'release', addressedBureau: 'XJ', subject: { type: 'consignment', consignmentId: pools.consignments[0] ?? 'none' } }),
        generalCaseBody({ kind: 'inspection', addressedBureau: 'CQ', subject: { type: 'train', trainId: pools.trains[0] ?? 'none' }, answerWithinHours: 24 }),
        generalCaseBody({ addressedBureau: 'HA', leadBureau: 'NM' }),
      ];
    case 'POST /cases/{id}/messages':
      return [{ text: '请于本周内答复。' }, { text: `message ${fresh}` }];
    case 'POST /cases/{id}/resolve':
      return [{ resolution: '已通知各签证点。' }];
    case 'POST /cases/{id}/withdraw':
      return [{ reason: '货物已放行。' }];
    case 'PUT /directory/bureaus/{code}':
      // Versions repeat, so that some are current and some stale (409).
      return [directoryBody(0), directoryBody(1, { division: { zh: '通关处' } }), directoryBody(fresh % 3, { contacts: [{ name: '王芳', phone: '023-6888 5678 转 12' }] })];
    case 'POST /reports':
      return [reportBody(), reportBody({ kind: 'suggestion', relatedCases: pools.cases.slice(0, 1), relatedTrains: pools.trains.slice(0, 1) })];
    case 'POST /reports/{id}/acknowledge':
      return [{}, { remarks: '已阅。' }];
    case 'POST /policy-notices':
      return [policyNoticeBody(), policyNoticeBody({ url: 'https://www.example.gov.cn/notice/408', effectiveFrom: '2016-09-01T00:00:00+08:00' })];
    default:
      return undefined;
  }
}

/** The resources a coordination route's path names; undefined for another route. */
export function coordinationPool(path: string, pools: CoordinationPools): readonly string[] | undefined {
  if (path.startsWith('/cases/')) return pools.cases;
  if (path.startsWith('/reports/')) return pools.reports;
  if (path.startsWith('/directory/bureaus/')) return BUREAU_CODES;
  return undefined;
}

/** Where a 201's id goes: the pool of the route that made it; undefined for another route. */
export function coordinationPoolOfCreated(path: string, pools: CoordinationPools): string[] | undefined {
  if (path === '/cases') return pools.cases;
  if (path === '/reports') return pools.reports;
  return undefined;
}

type Who = { bureau: string; role: 'officer' | 'declarant' | 'hq'; enterprise?: string };
type Call = (method: string, path: string, who: Who | undefined, body?: unknown) => Promise<{ status: number; text: string; body: Record<string, unknown> | undefined }>;

const HQ: Who = { bureau: 'HQ', role: 'hq' };
const officer = (bureau: string): Who => ({ bureau, role: 'officer' });

/** A case `opener` opened with `addressed`, once its workflow waits for the answer (the matrix's resolve and withdraw cells). */
export async function waitingCase(call: Call, opener: string, addressed: string): Promise<string> {
  const opened = await call('POST', '/cases', officer(opener), generalCaseBody({ addressedBureau: addressed }));
  if (opened.status !== 201) throw new Error(`setup: case answered ${opened.status} ${opened.text}`);
  const id = String(opened.body!.id);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const read = await call('GET', `/cases/${id}`, HQ);
    if (read.body?.status === 'awaiting-answer') return id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`setup: case ${id} never waited for its answer`);
}

/** A report CQ filed (the matrix's acknowledge cells). */
export async function filedReport(call: Call): Promise<string> {
  const filed = await call('POST', '/reports', officer('CQ'), reportBody());
  if (filed.status !== 201) throw new Error(`setup: report answered ${filed.status} ${filed.text}`);
  return String(filed.body!.id);
}

/** A change to a bureau's directory entry from its current version, so that each cell's write is new. */
export async function directoryChange(call: Call, code: string, serial: number): Promise<Record<string, unknown>> {
  const read = await call('GET', `/directory/bureaus/${code}`, HQ);
  if (read.status !== 200) throw new Error(`setup: directory answered ${read.status} ${read.text}`);
  return directoryBody(Number(read.body!.version), { division: { zh: `通关业务处 ${serial}` } });
}
