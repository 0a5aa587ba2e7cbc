import type { CertificateDocument, CertificateGoodsLine } from '../domain/certificates/certificate-document.ts';
import { UNIT_LABELS } from '../domain/certificates/labels.ts';
import { CRITERION_TEXT } from '../domain/origin/origin-forms.ts';
import type { LocalisedText } from '../domain/text.ts';
import { countryName } from './country-names.ts';
import { LABEL, LABEL_ZH, SMALL, numbers, section } from './pdf-blocks.ts';
import { CONTENT_WIDTH, INK, PAGE, RULE, type PdfFlow } from './pdf-layout.ts';

interface Column {
  title: LocalisedText;
  width: number;
  align?: 'right';
  cell: (line: CertificateGoodsLine) => { text: string; en?: string };
}

function goodsColumns(d: CertificateDocument): Column[] {
  const isOrigin = d.origin !== undefined;
  const columns: Column[] = [
    { title: { zh: '序号', en: 'No.' }, width: 26, cell: (l) => ({ text: String(l.sequence) }) },
    { title: { zh: 'HS 编码', en: 'HS code' }, width: isOrigin ? 54 : 60, cell: (l) => ({ text: l.hsCode }) },
    { title: { zh: '货物描述', en: 'Description' }, width: 0, cell: (l) => ({ text: l.description }) },
    {
      title: { zh: '数量', en: 'Quantity' },
      width: isOrigin ? 70 : 80,
      align: 'right',
      cell: (l) => ({ text: `${numbers.format(l.quantity)} ${UNIT_LABELS[l.unit].zh}`, en: `${UNIT_LABELS[l.unit].en} (${l.unit})` }),
    },
    { title: { zh: '净重（千克）', en: 'Net weight (kg)' }, width: isOrigin ? 64 : 72, align: 'right', cell: (l) => ({ text: numbers.format(l.netWeightKg) }) },
    {
      title: { zh: '原产国', en: 'Origin' },
      width: isOrigin ? 86 : 77,
      cell: (l) => ({ text: `${countryName(l.originCountry).zh} ${l.originCountry}`, en: countryName(l.originCountry).en }),
    },
  ];
  if (isOrigin) {
    columns.push({
      title: { zh: '原产地标准', en: 'Criterion' },
      width: 79,
      cell: (l) => {
        if (!l.originCriterion) return { text: '—' };
        const rule = l.originRule ? ` ${l.originRule.kind}${l.originRule.valueContent !== undefined ? ` ${l.originRule.valueContent}%` : ''}` : '';
        return { text: `${l.originCriterion}${rule}`, en: `${CRITERION_TEXT[l.originCriterion].zh} ${CRITERION_TEXT[l.originCriterion].en}` };
      },
    });
  }
  // The description takes what the others leave.
  const description = columns[2];
  if (description) description.width = CONTENT_WIDTH - columns.reduce((sum, c) => sum + c.width, 0);
  return columns;
}

/** The goods table: wrapped cells, continued over pages under a repeated header. */
export function goodsTable(flow: PdfFlow, d: CertificateDocument, repeatHeader: (flow: PdfFlow) => void): void {
  section(flow, { zh: `货物（${d.goods.length} 项）`, en: `Goods (${d.goods.length} lines)` }, 48);
  const columns = goodsColumns(d);
  const pad = 4;
  const cellX = (index: number) => PAGE.margin + columns.slice(0, index).reduce((sum, c) => sum + c.width, 0);
  const tableHeader = (f: PdfFlow) => {
    const top = f.y;
    columns.forEach((col, i) => {
      const x = cellX(i) + pad;
      const w = col.width - 2 * pad;
      const zhAt = col.align === 'right' ? x + w - f.width(col.title.zh, LABEL_ZH) : x;
      const enAt = col.align === 'right' ? x + w - f.width(col.title.en, LABEL) : x;
      f.draw(col.title.zh, zhAt, top, LABEL_ZH);
      f.draw(col.title.en, enAt, top - 10, LABEL);
    });
    f.gap(22);
    f.rule(f.y + 2, INK, 0.6);
    f.gap(2);
  };
  tableHeader(flow);
  flow.onNewPage = (f) => {
    repeatHeader(f);
    tableHeader(f);
  };
  for (const line of d.goods) {
    const cells = columns.map((col) => ({ col, ...col.cell(line) }));
    const height = Math.max(...cells.map(({ col, text, en }) => flow.measure(text, { size: 8.5 }, col.width - 2 * pad) + (en ? flow.measure(en, SMALL, col.width - 2 * pad) : 0))) + 5;
    flow.ensure(height);
    cells.forEach(({ col, text, en }, i) => {
      const x = cellX(i) + pad;
      const w = col.width - 2 * pad;
      if (col.align === 'right') {
        const lines = flow.wrap(text, { size: 8.5 }, w);
        lines.forEach((l, n) => flow.draw(l, x + w - flow.width(l, { size: 8.5 }), flow.y - 2 - n * flow.lineHeight({ size: 8.5 }), { size: 8.5 }));
        if (en) {
          const enLines = flow.wrap(en, SMALL, w);
          const top = flow.y - 2 - lines.length * flow.lineHeight({ size: 8.5 });
          enLines.forEach((l, n) => flow.draw(l, x + w - flow.width(l, SMALL), top - n * flow.lineHeight(SMALL), SMALL));
        }
      } else {
        const h = flow.block(text, { size: 8.5 }, x, flow.y - 2, w);
        if (en) flow.block(en, SMALL, x, flow.y - 2 - h, w);
      }
    });
    flow.gap(height);
    flow.rule(flow.y + 1, RULE, 0.3);
  }
  flow.onNewPage = repeatHeader;
}
