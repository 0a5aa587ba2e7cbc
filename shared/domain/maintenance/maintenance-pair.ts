import { z } from 'zod';
import { bureauCodeSchema } from '../codes.ts';
import { bilingual } from '../text.ts';
import { timestampSchema } from '../validators/timestamp.ts';

/**
 * Global maintenance (全球维修, 408号 三（四）): goods enter for repair and leave again. The repair
 * import declares when the goods will leave (`maintenance.reExportBy`); the re-export cites the
 * import (`maintenance.importId`). The two are tracked as one pair (`MaintenancePair`), and a pair
 * still open at its deadline is escalated: marked overdue, and the destination bureau and HQ hear
 * (the MaintenanceDeadline workflow waits for the deadline on the engine's clock).
 */
export const MAX_RE_EXPORT_DAYS = 366;
/** The deadline of a repair import that declares none: half a year, what a repair takes at most in practice. */
export const DEFAULT_RE_EXPORT_DAYS = 180;
export const MAINTENANCE_RULE = '国质检通〔2016〕408号 三（四）';
const DAY_MS = 86_400_000;

export const maintenanceFilingSchema = z
  .object({
    /** Repair import: the latest instant the repaired goods leave China again (absent: DEFAULT_RE_EXPORT_DAYS after the filing). */
    reExportBy: timestampSchema.optional(),
    /** Re-export: the id of the repair import these goods entered under. */
    importId: z
      .string({ error: bilingual('维修进境货物编号须为字符串', 'importId must be a string') })
      .trim()
      .min(1, { error: bilingual('维修进境货物编号不能为空', 'importId must not be empty') })
      .max(64, { error: bilingual('维修进境货物编号最多 64 个字符', 'importId is at most 64 characters') })
      .optional(),
  })
  .strict();
export type MaintenanceFiling = z.infer<typeof maintenanceFilingSchema>;

/** Why a filing's maintenance part does not fit its direction and trade mode; paths from the filing's root. */
export function maintenanceFilingIssues(filing: { direction: string; tradeMode: string; maintenance?: MaintenanceFiling | undefined }): Array<{ path: Array<string | number>; message: string }> {
  const m = filing.maintenance;
  if (filing.tradeMode !== 'global-maintenance') {
    return m === undefined ? [] : [{ path: ['maintenance'], message: bilingual('仅全球维修货物申报 maintenance', 'maintenance is declared for global-maintenance goods only') }];
  }
  if (filing.direction === 'import') {
    const issues = [];
    if (m?.importId !== undefined) issues.push({ path: ['maintenance', 'importId'], message: bilingual('进境货物不引用维修进境编号', 'an import does not cite a repair import') });
    return issues;
  }
  const issues = [];
  if (m?.importId === undefined) issues.push({ path: ['maintenance', 'importId'], message: bilingual('全球维修复运出境须引用维修进境货物编号', 'a global-maintenance re-export cites its repair import (importId)') });
  if (m?.reExportBy !== undefined) issues.push({ path: ['maintenance', 'reExportBy'], message: bilingual('复运出境不申报期限', 'a re-export declares no deadline') });
  return issues;
}

/** The re-export deadline of a repair import: the declared one, or DEFAULT_RE_EXPORT_DAYS after the filing. */
export function reExportDeadline(maintenance: MaintenanceFiling | undefined, filedAt: string): string {
  return new Date(maintenance?.reExportBy ?? Date.parse(filedAt) + DEFAULT_RE_EXPORT_DAYS * DAY_MS).toISOString();
}

/** The deadline must lie after the filing and within MAX_RE_EXPORT_DAYS of it (checked at filing, against the clock). */
export function reExportDeadlineIssue(reExportBy: string, filedAt: string): string | undefined {
  const due = Date.parse(reExportBy);
  const filed = Date.parse(filedAt);
  if (due <= filed) return bilingual('复运出境期限须晚于报检时间', 'reExportBy must be after the filing');
  if (due - filed > MAX_RE_EXPORT_DAYS * DAY_MS) return bilingual(`复运出境期限最长 ${MAX_RE_EXPORT_DAYS} 天`, `reExportBy is at most ${MAX_RE_EXPORT_DAYS} days after the filing`);
  return undefined;
}

export const MAINTENANCE_STATUSES = ['awaiting-re-export', 'overdue', 're-exported'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** A repair import and its re-export, as one record keyed by the import's id. */
export const maintenancePairSchema = z.object({
  importId: z.string(),
  /** The destination bureau of the import: it supervises the goods while they are in China. */
  bureau: bureauCodeSchema,
  /** The Chinese party's credit code: the enterprise that must re-export. */
  enterprise: z.string(),
  status: z.enum(MAINTENANCE_STATUSES),
  filedAt: timestampSchema,
  reExportBy: timestampSchema,
  reExportId: z.string().optional(),
  reExportedAt: timestampSchema.optional(),
  /** When the deadline passed with the goods still in China (the escalation). */
  escalatedAt: timestampSchema.optional(),
  version: z.number().int().positive(),
});
export type MaintenancePair = z.infer<typeof maintenancePairSchema>;

/** Whether the pair is overdue at `at`: still in China past its deadline. */
export function isOverdue(pair: Pick<MaintenancePair, 'status' | 'reExportBy'>, at: string): boolean {
  return pair.status !== 're-exported' && Date.parse(at) >= Date.parse(pair.reExportBy);
}

/** Why a re-export cannot cite this import (400 naming maintenance.importId); undefined when it can. */
export function reExportIssue(pair: MaintenancePair | undefined, enterprise: string | undefined, reExportId: string): string | undefined {
  if (pair === undefined || pair.enterprise !== enterprise) {
    return bilingual('未找到本企业的该全球维修进境货物', 'no global-maintenance import of this enterprise has that id');
  }
  if (pair.status === 're-exported' && pair.reExportId !== reExportId) {
    return bilingual(`维修进境货物 ${pair.importId} 已由 ${pair.reExportId ?? ''} 复运出境`, `the repair import ${pair.importId} has left already, as ${pair.reExportId ?? ''}`);
  }
  return undefined;
}
