import type { BureauCode } from '../domain/codes.ts';
import type { Report } from '../domain/coordination/reports.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { NotFoundError } from './errors.ts';
import { readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { createKeyed, findKeyed, REQUEST_KEY, type RequestKey } from './keyed-items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

const subject = (id: string) => ({ entity: 'report', id, key: keys.report(id) });
const toReport = (item: Record<string, unknown>) => withoutKeys(item, [REQUEST_KEY]) as unknown as Report;

/** Reports to HQ (408号 三（十）), listed newest first for HQ (all) and for the bureau that filed them. */
export class ReportRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async create(report: Report, keyed: RequestKey = {}): Promise<Report> {
    const order = keys.timeOrder(report.filedAt, report.id);
    const item = await createKeyed(
      this.config,
      subject(report.id),
      { entity: 'Report', gsi1pk: keys.allReports, gsi1sk: order, gsi2pk: keys.reportsOfBureau(report.bureau), gsi2sk: order, ...report },
      keyed,
    );
    return toReport(item);
  }

  async findKeyed(id: string, keyed: RequestKey): Promise<Report | undefined> {
    const item = await findKeyed(this.config, subject(id), keyed);
    return item && toReport(item);
  }

  async find(id: string): Promise<Report | undefined> {
    const item = await readItem(this.config, keys.report(id));
    return item ? toReport(item) : undefined;
  }

  async get(id: string): Promise<Report> {
    const report = await this.find(id);
    if (!report) throw new NotFoundError(`report ${id} does not exist`, { entity: 'report', id });
    return report;
  }

  /** Once: a ConflictError for a report acknowledged already. */
  async acknowledge(id: string, acknowledgement: NonNullable<Report['acknowledgement']>): Promise<Report> {
    const item = await updateGuarded(this.config, subject(id), { from: { attribute: 'status', values: ['filed'] }, set: { status: 'acknowledged', acknowledgement } });
    return toReport(item);
  }

  list(listing: { bureau?: BureauCode }, page: PageRequest = {}): Promise<Page<Report>> {
    return listing.bureau === undefined
      ? queryPage(this.config, { index: 'gsi1', partition: keys.allReports, forward: false, page, map: toReport })
      : queryPage(this.config, { index: 'gsi2', partition: keys.reportsOfBureau(listing.bureau), forward: false, page, map: toReport });
  }
}
