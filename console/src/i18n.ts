/**
 * Chinese and English. Domain words (bureaus, ports, task kinds, modes, disposals, units) are
 * imported from shared/domain at build time, so the console and the API say the same thing; the
 * console's own words (navigation, buttons, headings) are below, in both languages.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import {
  DIRECTION_LABELS,
  DISPOSAL_LABELS,
  STAGE_LABELS,
  TRADE_MODE_LABELS,
  TRANSPORT_MODE_LABELS,
  UNIT_LABELS,
} from '../../shared/domain/certificates/labels.ts';
import { BUREAUS } from '../../shared/domain/reference/bureaus.ts';
import { PORTS } from '../../shared/domain/reference/ports.ts';
import { TASK_TITLES } from '../../shared/domain/tasks/task-kinds.ts';
import type { LocalisedText } from '../../shared/domain/text.ts';

export type Lang = 'zh' | 'en';
export type { LocalisedText };

const UI = {
  appTitle: { zh: '中欧班列检验检疫协作平台', en: 'China–Europe Railway Express inspection console' },
  skip: { zh: '跳到主要内容', en: 'Skip to main content' },
  language: { zh: 'English', en: '中文' },
  languageName: { zh: '切换到英文', en: 'Switch to Chinese' },
  login: { zh: '登录', en: 'Log in' },
  logout: { zh: '退出', en: 'Log out' },
  tokenLabel: { zh: '访问令牌（JWT）', en: 'Access token (JWT)' },
  tokenHelp: {
    zh: '本地运行时执行 npm run token -- --bureau XJ --role officer 获取令牌后粘贴于此，或打开带 #token= 的登录链接。',
    en: 'Locally, run npm run token -- --bureau XJ --role officer and paste the token here, or open a login link with #token=.',
  },
  loginFailed: { zh: '令牌无效或已过期', en: 'The token is invalid or has expired' },
  whoami: { zh: '当前用户', en: 'Signed in as' },
  bureau: { zh: '直属局', en: 'Bureau' },
  role: { zh: '角色', en: 'Role' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  officer: { zh: '检验检疫官员', en: 'Officer' },
  declarant: { zh: '申报企业', en: 'Declarant' },
  hq: { zh: '总局', en: 'HQ' },
  navTasks: { zh: '待办任务', en: 'Tasks' },
  navInbox: { zh: '通知', en: 'Inbox' },
  navFile: { zh: '报检', en: 'File' },
  navConsignments: { zh: '货物', en: 'Consignments' },
  navExecutions: { zh: '工作流执行', en: 'Executions' },
  navStats: { zh: '统计', en: 'Statistics' },
  navTrains: { zh: '班列', en: 'Trains' },
  loading: { zh: '加载中…', en: 'Loading…' },
  empty: { zh: '暂无记录', en: 'Nothing here' },
  error: { zh: '出错了', en: 'Something went wrong' },
  retry: { zh: '重试', en: 'Retry' },
  more: { zh: '加载更多', en: 'Load more' },
  exportCsv: { zh: '导出 CSV', en: 'Export CSV' },
  timezone: { zh: 'UTC+8 北京时间', en: 'UTC+8 Beijing time' },
  // tasks
  taskQueue: { zh: '本局待办任务（按紧急程度排序）', en: "Your bureau's open tasks, most urgent first" },
  kind: { zh: '任务', en: 'Task' },
  consignment: { zh: '货物', en: 'Consignment' },
  deadline: { zh: '期限', en: 'Deadline' },
  escalation: { zh: '升级级别', en: 'Escalation' },
  overdue: { zh: '已超期', en: 'overdue' },
  complete: { zh: '办理', en: 'Complete' },
  completeTask: { zh: '办理任务', en: 'Complete the task' },
  outcome: { zh: '结论', en: 'Outcome' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
  disposal: { zh: '处置方式', en: 'Disposal' },
  none: { zh: '（无）', en: '(none)' },
  findings: { zh: '查验情况', en: 'Findings' },
  taskDetails: { zh: '查验明细', en: 'Details' },
  method: { zh: '处理方法', en: 'Treatment method' },
  container: { zh: '集装箱', en: 'Container' },
  radiation: { zh: '辐射监测', en: 'Radiation' },
  quarantine: { zh: '集装箱检疫', en: 'Quarantine' },
  treatment: { zh: '表面处理', en: 'Surface treatment' },
  normal: { zh: '正常', en: 'normal' },
  alarm: { zh: '报警', en: 'alarm' },
  done: { zh: '已处理', en: 'done' },
  notNeeded: { zh: '无需处理', en: 'not needed' },
  submit: { zh: '提交', en: 'Submit' },
  cancel: { zh: '取消', en: 'Cancel' },
  submitted: { zh: '已提交', en: 'Submitted' },
  fixErrors: { zh: '请更正标出的字段', en: 'Please correct the marked fields' },
  unsupportedTask: { zh: '此类任务请通过接口办理', en: 'This kind of task is completed through the API' },
  answerJson: { zh: '答复（JSON）', en: 'Answer (JSON)' },
  // inbox
  inbox: { zh: '通知', en: 'Inbox' },
  received: { zh: '收到时间', en: 'Received' },
  // filing
  fileTitle: { zh: '报检（新货物申报）', en: 'File a consignment' },
  direction: { zh: '进出口', en: 'Direction' },
  port: { zh: '口岸', en: 'Port' },
  tradeMode: { zh: '贸易方式', en: 'Trade mode' },
  transportMode: { zh: '运输方式', en: 'Transport mode' },
  destinationBureau: { zh: '目的地检验检疫机构', en: 'Destination bureau' },
  originBureau: { zh: '产地检验检疫机构', en: 'Origin bureau' },
  consignor: { zh: '发货人', en: 'Consignor' },
  consignee: { zh: '收货人', en: 'Consignee' },
  name: { zh: '名称', en: 'Name' },
  country: { zh: '国家（ISO 3166 两位代码）', en: 'Country (ISO 3166 alpha-2)' },
  creditCode: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  containers: { zh: '集装箱', en: 'Containers' },
  containerNumber: { zh: '箱号（ISO 6346）', en: 'Container number (ISO 6346)' },
  sealNumber: { zh: '封识号', en: 'Seal number' },
  goods: { zh: '货物', en: 'Goods' },
  hsCode: { zh: 'HS 编码', en: 'HS code' },
  description: { zh: '品名', en: 'Description' },
  quantity: { zh: '数量', en: 'Quantity' },
  unit: { zh: '单位', en: 'Unit' },
  netWeightKg: { zh: '净重（千克）', en: 'Net weight (kg)' },
  originCountry: { zh: '原产国', en: 'Country of origin' },
  categories: { zh: '类别', en: 'Categories' },
  addContainer: { zh: '添加集装箱', en: 'Add a container' },
  addGoods: { zh: '添加货物', en: 'Add a goods line' },
  remove: { zh: '删除', en: 'Remove' },
  fileSubmit: { zh: '提交报检', en: 'File' },
  filed: { zh: '已报检', en: 'Filed' },
  // consignments
  consignments: { zh: '货物', en: 'Consignments' },
  search: { zh: '查询', en: 'Search' },
  searchHelp: { zh: '按货物编号、箱号、HS 编码、信用代码、班列、日期查询', en: 'By consignment id, container, HS code, credit code, train, dates' },
  id: { zh: '编号', en: 'Id' },
  status: { zh: '状态', en: 'Status' },
  filedAt: { zh: '报检时间', en: 'Filed at' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
  train: { zh: '班列', en: 'Train' },
  from: { zh: '起始日期', en: 'From' },
  to: { zh: '截止日期', en: 'To' },
  parties: { zh: '当事人', en: 'Parties' },
  plan: { zh: '查验计划及理由', en: 'Inspection plan and its reasons' },
  rule: { zh: '依据', en: 'Rule' },
  timeline: { zh: '事件时间线', en: 'Timeline of events' },
  workflow: { zh: '工作流', en: 'Workflow' },
  workflowGraph: { zh: '工作流图（已走路径高亮，当前状态标记）', en: 'Workflow graph (path taken highlighted, current state marked)' },
  certificates: { zh: '证书', en: 'Certificates' },
  downloadPdf: { zh: '下载 PDF', en: 'Download PDF' },
  openTasks: { zh: '未办任务', en: 'Open tasks' },
  by: { zh: '办理人', en: 'By' },
  // executions
  executions: { zh: '工作流执行', en: 'Workflow executions' },
  started: { zh: '开始时间', en: 'Started' },
  stopped: { zh: '结束时间', en: 'Stopped' },
  filter: { zh: '筛选', en: 'Filter' },
  all: { zh: '全部', en: 'All' },
  events: { zh: '执行历史事件（AWS 格式）', en: 'Execution history events (AWS shape)' },
  stateDetail: { zh: '状态输入/输出', en: 'State input / output' },
  stateInput: { zh: '输入', en: 'Input' },
  stateOutput: { zh: '输出', en: 'Output' },
  notShown: { zh: '（仅总局可见）', en: '(shown to HQ only)' },
  clickState: { zh: '点击图中状态查看其输入和输出', en: 'Click a state in the graph to see its input and output' },
  current: { zh: '当前', en: 'current' },
  graphUnavailable: { zh: '接口未提供状态机定义，无法绘图', en: 'The API gives no state machine definition to draw' },
  // stats
  stats: { zh: '统计', en: 'Statistics' },
  volumesByPort: { zh: '各口岸业务量', en: 'Volumes by port' },
  volumesByDay: { zh: '每日业务量（近 14 天）', en: 'Volumes by day (last 14 days)' },
  directThrough: { zh: '进口直通比例', en: 'Import direct-through share' },
  durations: { zh: '口岸停留与报检至放行时长（小时）', en: 'Port dwell and filing-to-release (hours)' },
  nonconformity: { zh: '不合格率', en: 'Nonconformity rate' },
  escalations: { zh: '超期升级', en: 'Escalations' },
  released: { zh: '放行', en: 'released' },
  rejected: { zh: '未予放行', en: 'rejected' },
  portDwell: { zh: '口岸停留', en: 'Port dwell' },
  filingToRelease: { zh: '报检至放行', en: 'Filing to release' },
  mean: { zh: '平均', en: 'mean' },
  median: { zh: '中位数', en: 'median' },
  count: { zh: '数量', en: 'count' },
  // trains
  trains: { zh: '班列', en: 'Trains' },
  trainTimeline: { zh: '班列时间线', en: 'Trains on a timeline' },
  crossingDay: { zh: '过境日期（留空为全部）', en: 'Border-crossing day (empty: all)' },
} satisfies Record<string, LocalisedText>;

export type UiKey = keyof typeof UI;

const STATUS_OTHER: Record<string, LocalisedText> = {
  // The certificate's own words for the two outcomes; the awaiting ones name the stage awaited.
  filed: { zh: '已报检', en: 'filed' },
  'awaiting-disposal': { zh: '待处置', en: 'awaiting disposal' },
  released: { zh: '已放行', en: 'released' },
  rejected: { zh: '不予放行', en: 'rejected' },
};

export function statusLabel(status: string): LocalisedText {
  const stage = status.startsWith('awaiting-') ? (STAGE_LABELS as Record<string, LocalisedText>)[status.slice('awaiting-'.length)] : undefined;
  if (stage) return { zh: `待${stage.zh}`, en: `awaiting ${stage.en}` };
  return STATUS_OTHER[status] ?? { zh: status, en: status };
}

/** Goods categories have no words in the domain yet (codes.ts keeps only the codes). */
const CATEGORY_LABELS: Record<string, LocalisedText> = {
  general: { zh: '一般货物', en: 'general' },
  'waste-raw-material': { zh: '可用作原料的废物', en: 'waste used as raw material' },
  'hazardous-chemical': { zh: '危险化学品', en: 'hazardous chemicals' },
  'dangerous-goods': { zh: '危险货物', en: 'dangerous goods' },
  bulk: { zh: '散装货物', en: 'bulk goods' },
  'high-risk-agricultural': { zh: '高风险农产品', en: 'high-risk farm products' },
  food: { zh: '食品', en: 'food' },
  'animal-product': { zh: '动物产品', en: 'animal products' },
  'plant-product': { zh: '植物产品', en: 'plant products' },
  'special-item': { zh: '特殊物品', en: 'special items' },
};

const find = (table: Record<string, LocalisedText>, code: string): LocalisedText => table[code] ?? { zh: code, en: code };

export const labels = {
  bureau: (code: string): LocalisedText => BUREAUS.find((b) => b.code === code)?.shortName ?? { zh: code, en: code },
  port: (code: string): LocalisedText => PORTS.find((p) => p.code === code)?.name ?? { zh: code, en: code },
  task: (kind: string) => find(TASK_TITLES, kind),
  stage: (kind: string) => find(STAGE_LABELS, kind),
  direction: (code: string) => find(DIRECTION_LABELS, code),
  tradeMode: (code: string) => find(TRADE_MODE_LABELS, code),
  transportMode: (code: string) => find(TRANSPORT_MODE_LABELS, code),
  disposal: (code: string) => find(DISPOSAL_LABELS, code),
  unit: (code: string) => find(UNIT_LABELS, code),
  status: statusLabel,
  category: (code: string) => find(CATEGORY_LABELS, code),
};

export const BUREAU_LIST = BUREAUS;
export const CATEGORIES = Object.keys(CATEGORY_LABELS);
export const PORT_LIST = PORTS;
export const TRADE_MODES = Object.keys(TRADE_MODE_LABELS);
export const TRANSPORT_MODES = Object.keys(TRANSPORT_MODE_LABELS);
export const UNITS = Object.keys(UNIT_LABELS);
export const DISPOSALS = Object.keys(DISPOSAL_LABELS);

export function defaultLang(): Lang {
  const stored = sessionStorage.getItem('console.lang');
  if (stored === 'zh' || stored === 'en') return stored;
  return (navigator.language || 'zh').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export interface I18n {
  lang: Lang;
  t(key: UiKey): string;
  l(text: LocalisedText | undefined): string;
}

export function i18nFor(lang: Lang): I18n {
  return { lang, t: (key) => UI[key][lang], l: (text) => (text ? text[lang] : '') };
}

export const I18nContext = createContext<I18n>(i18nFor('zh'));
export const useI18n = () => useContext(I18nContext);

/** A zod message is `中文 / English`: the half in the reader's language. */
export function messageIn(message: string, lang: Lang): string {
  const parts = message.split(' / ');
  if (parts.length < 2) return message;
  return lang === 'zh' ? parts[0]! : parts.slice(1).join(' / ');
}
