import type { MaintenancePair, MaintenanceStatus } from '../domain/maintenance/maintenance-pair.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { AlreadyExistsError, ConflictError } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

/**
 * Global-maintenance pairs (408号 三（四）, docs/data-model.md): `MAINTENANCE#<import id>` /
 * `MAINTENANCE`, listed per supervising bureau by deadline (gsi1 `BUREAU#<code>#MAINTENANCE` /
 * `<reExportBy>#<id>`) and, while the goods are in China, in one sparse list by deadline (gsi2
 * `MAINTENANCE#OPEN`), which a re-export takes the pair out of.
 */
const subject = (importId: string) => ({ entity: 'maintenance pair', id: importId, key: keys.maintenanceItem(importId) });
const order = (pair: Pick<MaintenancePair, 'reExportBy' | 'importId'>) => `${new Date(pair.reExportBy).toISOString()}#${pair.importId}`;

export class MaintenanceRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** Records the pair of a repair import once; a retried filing finds it there. */
  async open(pair: MaintenancePair): Promise<MaintenancePair> {
    try {
      await putNew(this.config, subject(pair.importId), {
        entity: 'MaintenancePair',
        gsi1pk: keys.maintenanceOfBureau(pair.bureau),
        gsi1sk: order(pair),
        gsi2pk: keys.maintenanceOpen,
        gsi2sk: order(pair),
        ...pair,
      });
      return pair;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      return (await this.get(pair.importId)) ?? pair;
    }
  }

  async get(importId: string): Promise<MaintenancePair | undefined> {
    const item = await readItem(this.config, keys.maintenanceItem(importId));
    return item === undefined ? undefined : toPair(item);
  }

  /** The re-export: only from a pair still in China; the same re-export again is a no-op. */
  async markReExported(importId: string, reExportId: string, at: string): Promise<MaintenancePair> {
    try {
      const item = await updateGuarded(this.config, subject(importId), {
        from: { attribute: 'status', values: ['awaiting-re-export', 'overdue'] },
        set: { status: 're-exported' satisfies MaintenanceStatus, reExportId, reExportedAt: at },
        remove: ['gsi2pk', 'gsi2sk'],
      });
      return toPair(item);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const current = await this.get(importId);
      if (current?.reExportId === reExportId) return current;
      throw error;
    }
  }

  /** The escalation at the deadline: only a pair still awaiting its re-export; undefined when it is not (left, or escalated already). */
  async markOverdue(importId: string, at: string): Promise<MaintenancePair | undefined> {
    try {
      return toPair(await updateGuarded(this.config, subject(importId), { from: { attribute: 'status', values: ['awaiting-re-export'] }, set: { status: 'overdue' satisfies MaintenanceStatus, escalatedAt: at } }));
    } catch (error) {
      if (error instanceof ConflictError) return undefined;
      throw error;
    }
  }

  /** A bureau's pairs by deadline, optionally in one status. */
  listByBureau(bureau: string, status: MaintenanceStatus | undefined, page: PageRequest): Promise<Page<MaintenancePair>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.maintenanceOfBureau(bureau), ...(status && { filters: [{ attribute: 'status', equals: status }] }), page, map: toPair });
  }

  /** Every pair whose goods are still in China, by deadline (HQ), optionally only the overdue. */
  listOpen(status: MaintenanceStatus | undefined, page: PageRequest): Promise<Page<MaintenancePair>> {
    return queryPage(this.config, { index: 'gsi2', partition: keys.maintenanceOpen, ...(status && { filters: [{ attribute: 'status', equals: status }] }), page, map: toPair });
  }
}

function toPair(item: Record<string, unknown>): MaintenancePair {
  return withoutKeys(item) as unknown as MaintenancePair;
}
