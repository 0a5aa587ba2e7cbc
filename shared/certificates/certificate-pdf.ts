import { PDFDocument, rgb, type PDFImage } from 'pdf-lib';
import { beijingDateTime } from '../domain/certificates/beijing-time.ts';
import type { CertificateDocument } from '../domain/certificates/certificate-document.ts';
import { DIRECTION_LABELS, TRADE_MODE_LABELS, TRANSPORT_MODE_LABELS, stageLabel } from '../domain/certificates/labels.ts';
import { FORM_RULES } from '../domain/origin/origin-forms.ts';
import type { LocalisedText } from '../domain/text.ts';
import { attachSignedCertificate } from './certificate-attachment.ts';
import { certificateFonts } from './certificate-fonts.ts';
import { countryName } from './country-names.ts';
import { LABEL, LABEL_ZH, SMALL, beijing, both, country, fields, section, type Field } from './pdf-blocks.ts';
import { goodsTable } from './pdf-goods-table.ts';
import { ACCENT, CONTENT_WIDTH, INK, MUTED, PAGE, PdfFlow, RULE, type TextStyle } from './pdf-layout.ts';
import { subsettingFontkit } from './subsetting-fontkit.ts';
import type { SignedCertificate } from './signed-certificate.ts';
import { verificationQrPng, verificationQrText } from './verification-qr.ts';

export interface CertificatePdfOptions {
  /** The public page that verifies this certificate, e.g. `https://…/verify/XJ2016000123`. */
  verificationUrl: string;
}

const QR_SIZE = 84;

const OUTCOME: Record<CertificateDocument['decision']['outcome'], { text: LocalisedText; color: ReturnType<typeof rgb> }> = {
  released: { text: { zh: '准予放行', en: 'RELEASED' }, color: rgb(0.05, 0.45, 0.2) },
  rejected: { text: { zh: '不予放行', en: 'REJECTED' }, color: ACCENT },
  certified: { text: { zh: '兹证明', en: 'CERTIFIED' }, color: rgb(0.1, 0.25, 0.55) },
};

const ROUTE: Record<'direct-release' | 'port-exchange', LocalisedText> = {
  'direct-release': { zh: '出口直放', en: 'direct release' },
  'port-exchange': { zh: '口岸换证', en: 'exchange at the port' },
};

function header(flow: PdfFlow, d: CertificateDocument, qr: PDFImage): void {
  const top = flow.y;
  const textWidth = CONTENT_WIDTH - QR_SIZE - 16;
  const center = (text: string, style: TextStyle, y: number) => flow.draw(text, PAGE.margin + (textWidth - flow.width(text, style)) / 2, y, style);
  center('中华人民共和国出入境检验检疫', { size: 10, bold: true, color: MUTED }, top);
  center("ENTRY-EXIT INSPECTION AND QUARANTINE OF THE PEOPLE'S REPUBLIC OF CHINA", { size: 7, color: MUTED }, top - 14);
  let y = top - 32;
  for (const line of flow.wrap(d.title.zh, { size: 19, bold: true }, textWidth)) {
    center(line, { size: 19, bold: true }, y);
    y -= 25;
  }
  for (const line of flow.wrap(d.title.en, { size: 11.5, bold: true }, textWidth)) {
    center(line, { size: 11.5, bold: true, color: INK }, y);
    y -= 15;
  }
  if (d.decision.clearanceRoute) {
    center(both(ROUTE[d.decision.clearanceRoute]), { size: 8.5, color: MUTED }, y);
    y -= 12;
  }

  const qrX = PAGE.width - PAGE.margin - QR_SIZE;
  flow.page.drawImage(qr, { x: qrX, y: top - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
  const caption = '扫码核验 Scan to verify';
  flow.draw(caption, qrX + (QR_SIZE - flow.width(caption, SMALL)) / 2, top - QR_SIZE - 3, SMALL);

  y = Math.min(y - 4, top - QR_SIZE - 16);
  flow.draw('编号', PAGE.margin, y, { size: 10, bold: true });
  flow.draw('No.', PAGE.margin + 24, y - 0.5, { size: 9, color: MUTED });
  flow.draw(d.serial, PAGE.margin + 46, y, { size: 11, bold: true, color: ACCENT });
  const issued = `签发日期 Date of issue: ${beijing(d.issuedAt)}`;
  flow.draw(issued, PAGE.width - PAGE.margin - flow.width(issued, { size: 8.5 }), y - 1, { size: 8.5, color: MUTED });
  const bureau = d.issuingBureau;
  const authority = `签发机构 Issuing authority: ${bureau.name.zh}（${bureau.seat.zh}） ${bureau.name.en}, ${bureau.seat.en} (${bureau.code})`;
  flow.draw(authority, PAGE.margin, y - 15, { size: 8.5, color: MUTED });
  flow.y = y - 32;
  flow.rule(flow.y + 3, INK, 1);
  flow.gap(2);
}

function continuationHeader(flow: PdfFlow, d: CertificateDocument): void {
  flow.draw(`${d.serial} · ${d.title.zh}（续）${d.title.en} (continued)`, PAGE.margin, flow.y, SMALL);
  flow.gap(12);
  flow.rule(flow.y, RULE);
  flow.gap(6);
}

function partyFields(d: CertificateDocument): Field[] {
  const party = (label: LocalisedText, p: CertificateDocument['consignor']): Field => ({
    label,
    value: p.name,
    en: [country(p.country), p.creditCode && `统一社会信用代码 Credit code: ${p.creditCode}`].filter(Boolean).join('\n'),
  });
  return [party({ zh: '发货人', en: 'Consignor' }, d.consignor), party({ zh: '收货人', en: 'Consignee' }, d.consignee)];
}

function consignmentFields(d: CertificateDocument): Field[] {
  const c = d.consignment;
  return [
    { label: { zh: '报检号', en: 'Consignment' }, value: c.id, en: `报检日期 Filed: ${beijingDateTime(c.filedAt).date}` },
    { label: { zh: '进出境', en: 'Direction' }, value: DIRECTION_LABELS[c.direction].zh, en: DIRECTION_LABELS[c.direction].en },
    { label: { zh: '口岸', en: 'Border port' }, value: c.port.zh, en: `${c.port.en} (${c.portCode})` },
    { label: { zh: '贸易方式', en: 'Trade mode' }, value: TRADE_MODE_LABELS[c.tradeMode].zh, en: TRADE_MODE_LABELS[c.tradeMode].en },
    { label: { zh: '运输方式', en: 'Transport' }, value: TRANSPORT_MODE_LABELS[c.transportMode].zh, en: TRANSPORT_MODE_LABELS[c.transportMode].en },
    { label: { zh: '班列', en: 'Train' }, value: c.trainId ?? '—' },
    { label: { zh: '输出国家或地区', en: 'Country of dispatch' }, value: countryName(c.exportCountry).zh, en: `${countryName(c.exportCountry).en} (${c.exportCountry})` },
    { label: { zh: '输入国家或地区', en: 'Country of destination' }, value: countryName(c.importCountry).zh, en: `${countryName(c.importCountry).en} (${c.importCountry})` },
  ];
}

function containers(flow: PdfFlow, d: CertificateDocument): void {
  section(flow, { zh: `集装箱（${d.containers.length}）`, en: `Containers (${d.containers.length})` });
  const columns = 3;
  const width = CONTENT_WIDTH / columns;
  for (let i = 0; i < d.containers.length; i += columns) {
    flow.ensure(13);
    d.containers.slice(i, i + columns).forEach((container, c) => {
      const x = PAGE.margin + c * width;
      const number = `${i + c + 1}. ${container.number}`;
      flow.draw(number, x, flow.y, { size: 9 });
      if (container.sealNumber) flow.draw(`封识 Seal ${container.sealNumber}`, x + flow.width(number, { size: 9 }) + 6, flow.y - 0.5, { size: 7.5, color: MUTED });
    });
    flow.gap(13);
  }
}

function decision(flow: PdfFlow, d: CertificateDocument): void {
  const dec = d.decision;
  section(flow, { zh: '检验检疫结论', en: 'Decision' }, 40);
  const outcome = OUTCOME[dec.outcome];
  flow.ensure(20);
  flow.draw(outcome.text.zh, PAGE.margin, flow.y, { size: 13, bold: true, color: outcome.color });
  flow.draw(outcome.text.en, PAGE.margin + flow.width(outcome.text.zh, { size: 13, bold: true }) + 8, flow.y - 2, { size: 10, bold: true, color: outcome.color });
  flow.gap(18);
  flow.paragraph(dec.statement.zh, { size: 9.5 });
  flow.paragraph(dec.statement.en, { size: 8.5, color: MUTED });
  flow.gap(3);
  const extra: Field[] = [];
  if (dec.disposal) {
    const stage = stageLabel(dec.disposal.decidedIn);
    extra.push({ label: { zh: '处置方式', en: 'Disposal' }, value: dec.disposal.text.zh, en: dec.disposal.text.en });
    extra.push({
      label: { zh: '决定环节', en: 'Decided in' },
      value: `${stage.zh}（${dec.disposal.decidedBy}）`,
      en: `${stage.en} (${dec.disposal.decidedBy}), ${beijing(dec.disposal.decidedAt)}`,
    });
  }
  if (dec.findings) extra.push({ label: { zh: '查验情况', en: 'Findings' }, value: dec.findings });
  if (extra.length > 0) fields(flow, extra, 2);

  flow.ensure(24);
  flow.draw('依据与说明', PAGE.margin, flow.y, LABEL_ZH);
  flow.draw('Reasons', PAGE.margin + flow.width('依据与说明', LABEL_ZH) + 4, flow.y - 0.5, LABEL);
  flow.gap(12);
  dec.reasons.forEach((reason, i) => {
    const indent = PAGE.margin + 14;
    const width = CONTENT_WIDTH - 14;
    flow.ensure(28);
    flow.draw(`${i + 1}.`, PAGE.margin, flow.y, { size: 8.5 });
    flow.paragraph(reason.text.zh, { size: 8.5 }, indent, width);
    const basis = [reason.code, reason.rule, reason.refs?.join(', ')].filter(Boolean).join(' · ');
    flow.paragraph(`${reason.text.en}  [${basis}]`, { size: 7.5, color: MUTED }, indent, width);
    flow.gap(1);
  });
}

function origin(flow: PdfFlow, d: CertificateDocument): void {
  const o = d.origin;
  if (!o) return;
  section(flow, { zh: '原产地信息', en: 'Origin' }, 40);
  const t = o.transport;
  const route = `${t.from} → ${t.to}`;
  const list: Field[] = [
    { label: { zh: '证书格式', en: 'Form' }, value: FORM_RULES[o.form].title.zh, en: FORM_RULES[o.form].title.en },
    { label: { zh: '优惠原产地', en: 'Preferential' }, value: o.preferential ? '是' : '否', en: o.preferential ? 'yes' : 'no (non-preferential)' },
    { label: { zh: '出口商', en: 'Exporter' }, value: o.exporter.name, en: [country(o.exporter.country), o.exporter.creditCode && `Credit code ${o.exporter.creditCode}`].filter(Boolean).join('\n') },
    o.producer
      ? { label: { zh: '生产商', en: 'Producer' }, value: o.producer.name, en: `${o.producer.address}\n${country(o.producer.country)}` }
      : { label: { zh: '生产商', en: 'Producer' }, value: '同出口商', en: 'the exporter' },
    { label: { zh: '进口国', en: 'Importing country' }, value: countryName(o.importingCountry).zh, en: `${countryName(o.importingCountry).en} (${o.importingCountry})` },
    {
      label: { zh: '运输方式及路线', en: 'Means of transport and route' },
      value: `${TRANSPORT_MODE_LABELS[t.mode].zh}：${route}`,
      en: [
        `${TRANSPORT_MODE_LABELS[t.mode].en}, via ${t.portCode}, departure ${t.departureDate}`,
        t.trainNumber && `train ${t.trainNumber}`,
        t.transitCountries?.length && `transit ${t.transitCountries.join(', ')}`,
      ]
        .filter(Boolean)
        .join('; '),
    },
    { label: { zh: '发票', en: 'Invoice' }, value: o.invoice.number, en: o.invoice.date },
  ];
  if (o.remarks) list.push({ label: { zh: '备注', en: 'Remarks' }, value: o.remarks });
  fields(flow, list, 2);
}

/** Who signed and how: kept together on the page that ends the certificate. */
function signatureBlock(flow: PdfFlow, d: CertificateDocument, kid: string): void {
  const note = [
    { text: `本证书经电子签名（ES256，密钥 ${kid}），签名数据 certificate.json 附于本文件内，可扫码或以公布的公钥（JWKS）核验。`, style: { size: 7, color: MUTED } },
    {
      text: `Signed electronically (ES256, key ${kid}); the signed data is attached as certificate.json. Verify it by the QR code or against the published keys (JWKS).`,
      style: { size: 6.5, color: MUTED },
    },
  ];
  const noteHeight = note.reduce((sum, n) => sum + flow.measure(n.text, n.style, CONTENT_WIDTH), 0);
  flow.ensure(12 + 38 + noteHeight);
  flow.gap(6);
  flow.rule(flow.y, INK, 0.8);
  flow.gap(6);
  const t = beijingDateTime(d.issuedAt);
  fields(
    flow,
    [
      { label: { zh: '签证官员', en: 'Officer' }, value: d.officer?.subject ?? '系统自动签发', en: d.officer ? undefined : 'issued automatically' },
      { label: { zh: '签发时间', en: 'Issued at' }, value: `${t.date} ${t.time}`, en: '北京时间 Beijing time (UTC+08:00)' },
      { label: { zh: '签发机构', en: 'Issued by' }, value: d.issuingBureau.name.zh, en: d.issuingBureau.code },
    ],
    3,
  );
  for (const n of note) flow.paragraph(n.text, n.style);
}

function footers(flow: PdfFlow, d: CertificateDocument): void {
  const count = flow.pages.length;
  flow.pages.forEach((page, i) => {
    const y = PAGE.margin - 12;
    page.drawLine({ start: { x: PAGE.margin, y: y + 12 }, end: { x: PAGE.width - PAGE.margin, y: y + 12 }, thickness: 0.4, color: RULE });
    const left = `编号 No. ${d.serial}`;
    const right = `第 ${i + 1} 页，共 ${count} 页 · Page ${i + 1} of ${count}`;
    page.drawText(left, { x: PAGE.margin, y, size: 7.5, font: flow.fonts.regular, color: MUTED });
    page.drawText(right, { x: PAGE.width - PAGE.margin - flow.width(right, SMALL), y, size: 7.5, font: flow.fonts.regular, color: MUTED });
  });
}

/**
 * The certificate as a person prints it and a machine checks it: A4, Chinese first with English
 * beside or below, all text in an embedded subset of Noto Sans SC (so it renders without the
 * viewer's fonts and has a text layer), a QR code with the verification URL and the signature,
 * and the signed certificate attached as `certificate.json`.
 */
export async function renderCertificatePdf(signed: SignedCertificate, options: CertificatePdfOptions): Promise<Uint8Array> {
  const d = signed.document;
  const issuedAt = new Date(d.issuedAt);
  const doc = await PDFDocument.create();
  doc.registerFontkit(subsettingFontkit);
  const fontBytes = await certificateFonts();
  const fonts = { regular: await doc.embedFont(fontBytes.regular, { subset: true }), bold: await doc.embedFont(fontBytes.bold, { subset: true }) };
  const qr = await doc.embedPng(await verificationQrPng(verificationQrText(options.verificationUrl, signed.jws)));
  const kid = headerKid(signed.jws);

  doc.setTitle(`${d.title.zh} ${d.title.en} ${d.serial}`, { showInWindowTitleBar: true });
  doc.setSubject(`${d.issuingBureau.name.zh} ${d.issuingBureau.name.en}: ${d.serial}`);
  doc.setAuthor(d.issuingBureau.name.en);
  doc.setKeywords([d.serial, d.kind, d.consignment.id]);
  doc.setLanguage('zh-CN');
  doc.setCreator('cr-express-inspection');
  doc.setProducer('cr-express-inspection (pdf-lib)');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const flow = new PdfFlow(doc, fonts);
  header(flow, d, qr);
  const repeat = (f: PdfFlow) => continuationHeader(f, d);
  flow.onNewPage = repeat;
  fields(flow, partyFields(d), 2);
  section(flow, { zh: '货物信息', en: 'Consignment' }, 30);
  fields(flow, consignmentFields(d), 4);
  containers(flow, d);
  goodsTable(flow, d, repeat);
  origin(flow, d);
  decision(flow, d);
  signatureBlock(flow, d, kid);
  footers(flow, d);

  await attachSignedCertificate(doc, signed, issuedAt);
  return doc.save();
}

function headerKid(jws: string): string {
  const [header = ''] = jws.split('.');
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof parsed.kid === 'string' ? parsed.kid : '—';
  } catch {
    return '—';
  }
}
