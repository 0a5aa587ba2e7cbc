import type { Bureau } from '../domain/bureau.ts';
import type { BureauCode } from '../domain/codes.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { AlreadyExistsError, NotFoundError } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

export type BureauRecord = Bureau & { version: number; updatedAt: string };

const subject = (code: string) => ({ entity: 'bureau', id: code, key: keys.bureau(code) });
const toBureau = (item: Record<string, unknown>) => withoutKeys(item) as BureauRecord;

/** Bureaus are reference data (shared/domain/reference); the table keeps them editable per deployment. */
export class BureauRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async create(bureau: Bureau): Promise<BureauRecord> {
    const record: BureauRecord = { ...bureau, version: 1, updatedAt: this.config.now().toISOString() };
    await putNew(this.config, subject(bureau.code), { entity: 'Bureau', ...keys.bureauList(bureau.code), ...record });
    return record;
  }

  /** Creates the bureaus that are missing and leaves edited ones alone; safe on every start. */
  async seed(bureaus: readonly Bureau[]): Promise<{ created: BureauCode[] }> {
    const created: BureauCode[] = [];
    for (const bureau of bureaus) {
      try {
        await this.create(bureau);
        created.push(bureau.code);
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
      }
    }
    return { created };
  }

  async find(code: string): Promise<BureauRecord | undefined> {
    const item = await readItem(this.config, keys.bureau(code));
    return item ? toBureau(item) : undefined;
  }

  async get(code: string): Promise<BureauRecord> {
    const bureau = await this.find(code);
    if (!bureau) throw new NotFoundError(`bureau ${code} does not exist`, { entity: 'bureau', id: code });
    return bureau;
  }

  /** All bureaus by code. */
  list(page: PageRequest = { limit: 100 }): Promise<Page<BureauRecord>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.bureauList('').gsi1pk, page, map: toBureau });
  }

  async update(code: string, expectedVersion: number, set: Partial<Omit<Bureau, 'code'>>): Promise<BureauRecord> {
    const item = await updateGuarded(this.config, subject(code), {
      expectedVersion,
      set: { ...set, updatedAt: this.config.now().toISOString() },
    });
    return toBureau(item);
  }
}
