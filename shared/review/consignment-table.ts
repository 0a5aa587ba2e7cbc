import type { ConsignmentSummary } from '../data/consignment-records.ts';
import type { ConsignmentStatus } from '../domain/consignment-status.ts';
import { bureauByCode } from '../domain/reference/bureaus.ts';

/** GET /consignments as a table, for CSV: one row per consignment of the page, names in Chinese beside the codes. */
export const CONSIGNMENT_TABLE_HEADER = [
  '编号 / id',
  '方向 / direction',
  '状态 / status',
  '状态（中文）/ status (zh)',
  '口岸 / port',
  '口岸局 / port bureau',
  '内陆局 / inland bureau',
  '内陆局名称 / inland bureau name',
  '贸易方式 / trade mode',
  '运输方式 / transport mode',
  '班列 / train',
  '申报企业 / declarant',
  '报检时间 / filed at',
  '更新时间 / updated at',
  '版本 / version',
] as const;

const STATUS_ZH: Record<ConsignmentStatus, string> = {
  filed: '已报检',
  'awaiting-port-checks': '待口岸查验',
  'awaiting-port-inspection': '待口岸开箱查验',
  'awaiting-destination-inspection': '待目的地检验检疫',
  'awaiting-origin-inspection': '待产地检验检疫',
  'awaiting-disposal': '待处置',
  released: '已放行',
  rejected: '未予放行',
};

export function consignmentTable(items: readonly ConsignmentSummary[]): Array<Array<string | number>> {
  return items.map((c) => {
    const inland = c.responsibleBureaus.find((b) => b !== c.portBureau) ?? c.portBureau;
    return [
      c.id,
      c.direction,
      c.status,
      STATUS_ZH[c.status],
      c.portCode,
      c.portBureau,
      inland,
      bureauByCode(inland).shortName.zh,
      c.tradeMode,
      c.transportMode,
      c.trainId ?? '',
      c.declarant ?? '',
      c.createdAt,
      c.updatedAt,
      c.version,
    ];
  });
}
