import { GetItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { dynamoDbClient } from '#shared/aws/clients.ts';
import { ENV } from '#shared/config/environment.ts';
import { keys } from '#shared/data/keys.ts';
import { consignmentFilingSchema } from '#shared/domain/consignment.ts';
import { createPermit, permitIssueSchema } from '#shared/domain/permits/permit.ts';
import {
  ITEM_SIZE_BUDGET_BYTES,
  MAX_CITY_NAME_LENGTH,
  MAX_CONSIGNMENTS_PER_TRAIN,
  MAX_CONTAINERS_PER_TRAIN,
  MAX_FINDINGS_LENGTH,
  MAX_TRAIN_EVENT_REMARKS_LENGTH,
  MAX_TREATMENT_METHOD_LENGTH,
  PAYLOAD_LIMIT_BYTES,
} from '#shared/domain/limits.ts';
import type { ConsignmentTaskKind, TaskKind } from '#shared/domain/tasks/task-kinds.ts';
import { taskAnswerSchema } from '#shared/domain/tasks/task-results.ts';
import type { HandOverOutcome } from '#shared/domain/trains/run-summary.ts';
import { trainRegistrationSchema } from '#shared/domain/trains/train-registration.ts';
import { closeConsignment } from '#shared/lifecycle/consignments/close-consignment.ts';
import { completeConsignmentTask, consignmentTasks } from '#shared/lifecycle/consignments/consignment-tasks.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { openTask, type TaskSubject } from '#shared/lifecycle/tasks/open-task.ts';
import { taskToAnswer } from '#shared/lifecycle/tasks/task-answer.ts';
import { publicTask } from '#shared/lifecycle/tasks/task-view.ts';
import { recordTrainEvent } from '#shared/lifecycle/trains/train-events.ts';
import { handOverTrainResults } from '#shared/lifecycle/trains/train-hand-over.ts';
import { registerTrain } from '#shared/lifecycle/trains/train-registration.ts';
import { beginTrainRun, closeTrainRun, verifyTrainClearance } from '#shared/lifecycle/trains/train-run.ts';
import { completeTrainTask, trainTasks } from '#shared/lifecycle/trains/train-tasks.ts';
import { itemSize } from '../data/item-size.ts';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling } from '../domain/fixtures.ts';
import { ALL_SPECIFIC_CATEGORIES, chinese, maximalImportFiling, maximalPortChecks, maximalTrainQuarantine, maximalTrainRadiation } from '../domain/limit-bodies.ts';
import { permitsCitedBy } from '../domain/permit-fixtures.ts';
import { containerNumber, DAY, inboundTrain, iso } from '../domain/train-bodies.ts';
import { useApplication } from './fakes.ts';

/**
 * The largest items the limits of docs/limits.md allow, written by the real application layer
 * (dynalite in memory, fakes for the workflow engine, the topic and the scheduler) and measured
 * by DynamoDB's rules (UTF-8 bytes: dynalite itself counts characters). Every item of the table
 * must stay under `ITEM_SIZE_BUDGET_BYTES`, every callback answer and notice under the Step
 * Functions and SNS payload limit, and every answer a keyed request stores for its replay (the
 * Idempotency table keeps the response as JSON) under the budget too.
 *
 * The train scenarios assume the train carries at most `MAX_CONTAINERS_PER_TRAIN` containers in
 * at most `MAX_CONSIGNMENTS_PER_TRAIN` consignments, which linking has to enforce (docs/limits.md).
 */
const { workflows, notices } = useApplication();

const importer: CallerIdentity = { subject: 'declarant-cq', bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
const exporter: CallerIdentity = { subject: 'declarant-zj', bureau: 'ZJ', role: 'declarant', enterprise: CREDIT_CODES.yiwuExporter };
const officer = (bureau: 'XJ' | 'CQ' | 'ZJ'): CallerIdentity => ({ subject: `officer-${bureau.toLowerCase()}-${chinese(20)}`, bureau, role: 'officer' });

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
/** What a keyed POST /tasks/{id}/complete keeps for its replay: its response body, as JSON. */
const replayed: Array<{ what: string; size: number }> = [];
/**
 * The consignment item after each answer: it holds the last event, so it is largest right after
 * the largest answer (the port checks), not at the end, when the table is scanned.
 */
const consignmentPeaks: number[] = [];

async function consignmentItemSize(id: string): Promise<number> {
  const { pk, sk } = keys.consignment(id);
  const { Item } = await dynamoDbClient().send(new GetItemCommand({ TableName: process.env[ENV.domainTable], Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }));
  if (!Item) throw new Error(`consignment ${id} is not stored`);
  return itemSize(Item);
}

let tokens = 0;
async function answerTask(subject: TaskSubject, request: { consignmentId?: string; trainId?: string; kind: TaskKind; bureau: 'XJ' | 'CQ' | 'ZJ' }, body: Record<string, unknown>) {
  const subjectId = request.consignmentId ?? request.trainId ?? '';
  const executionArn = `arn:aws:states:eu-central-1:000000000000:execution:${request.trainId ? 'TrainRun' : 'ConsignmentImport'}:${subjectId}`;
  await openTask(
    {
      taskToken: `token-${++tokens}-${'x'.repeat(1000)}`,
      ...(request.consignmentId !== undefined ? { consignmentId: request.consignmentId } : { trainId: request.trainId }),
      kind: request.kind,
      bureau: request.bureau,
      leadBureau: 'XJ',
      escalation: 0,
      timeoutSeconds: 7200,
      enteredAt: new Date().toISOString(),
      executionArn,
      stateName: `Await-${request.kind}`,
    },
    subject,
  );
  const caller = officer(request.bureau);
  const task = await taskToAnswer(`${subjectId}.${request.kind}`, caller);
  const answer = taskAnswerSchema.parse({ kind: request.kind, ...body });
  const completed = request.trainId !== undefined ? await completeTrainTask(task, answer, caller) : await completeConsignmentTask(task, answer, caller);
  replayed.push({ what: `${request.kind} answer`, size: bytes({ task: publicTask(completed.task), result: completed.answer }) });
  if (request.consignmentId !== undefined) consignmentPeaks.push(await consignmentItemSize(request.consignmentId));
}

async function domainItems(): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamoDbClient().send(new ScanCommand({ TableName: process.env[ENV.domainTable], ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('the item size budget (400 KB a DynamoDB item; the limits keep every item under 300 KB)', () => {
  it('measures by bytes, as DynamoDB does, not by characters as dynalite does', () => {
    expect(itemSize({ pk: { S: 'A#1' }, name: { S: '中欧' } })).toBe(2 + 3 + 4 + 6);
    expect(itemSize({ n: { N: '123456.789012' } })).toBe(1 + 7);
    expect(itemSize({ l: { L: [{ S: 'ab' }, { BOOL: true }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemSize({ m: { M: { k: { NULL: true } } } })).toBe(1 + 3 + (1 + 1 + 1));
  });

  it('keeps a consignment at every limit under the budget through its whole lifecycle, with its events, tasks and notices', { timeout: 60_000 }, async () => {
    const filing = maximalImportFiling();
    // The permits it cites are registered first: filing verifies and reserves each (§7).
    for (const issue of permitsCitedBy(filing)) {
      await repos().permits.create(createPermit(permitIssueSchema.parse(issue), { at: new Date().toISOString(), bureau: 'CQ', subject: officer('CQ').subject }));
    }
    const consignment = await fileConsignment(consignmentFilingSchema.parse(filing), importer);
    expect(consignment.inspectionPlan?.portInspection).toBe(true);
    const containers = consignment.containers.map((c) => c.number);
    const failed = { outcome: 'fail', details: { disposal: 'treatment', findings: chinese(MAX_FINDINGS_LENGTH, '查验') } };
    const steps: Array<[ConsignmentTaskKind, 'XJ' | 'CQ', Record<string, unknown>]> = [
      ['port-checks', 'XJ', maximalPortChecks(containers)],
      ['port-inspection', 'XJ', failed],
      ['destination-inspection', 'CQ', failed],
      ['treatment', 'CQ', { outcome: 'pass', details: { method: chinese(MAX_TREATMENT_METHOD_LENGTH, '处理'), findings: chinese(MAX_FINDINGS_LENGTH, '处理') } }],
    ];
    for (const [kind, bureau, body] of steps) await answerTask(consignmentTasks, { consignmentId: consignment.id, kind, bureau }, body);
    const closed = await closeConsignment({ consignmentId: consignment.id, outcome: 'released', executionArn: consignment.executionArn ?? '' });
    expect(closed.status).toBe('released');
    expect((await repos().consignments.events(consignment.id, { limit: 100 })).items.map((e) => e.type)).toContain('port-checks-completed');
  });

  it('keeps a full inbound train under the budget: every container alarmed and with a finding, every consignment awaiting an officer', { timeout: 120_000 }, async () => {
    const crossing = Date.now() + 2 * DAY;
    const registration = trainRegistrationSchema.parse(
      inboundTrain('X9120', crossing, { originCity: chinese(MAX_CITY_NAME_LENGTH, '始发'), destinationCity: chinese(MAX_CITY_NAME_LENGTH, '到达'), containerCapacity: MAX_CONTAINERS_PER_TRAIN }),
    );
    const { train } = await registerTrain(registration, officer('XJ'));
    // One container each: the most consignments, each in every list the train keeps per consignment.
    const containers = Array.from({ length: MAX_CONTAINERS_PER_TRAIN }, (_, i) => containerNumber(10_000 + i));
    const categories = ALL_SPECIFIC_CATEGORIES.filter((c) => c !== 'special-item');
    const ids = await fileAll(containers, (number) => importFiling({ trainId: train.id, containers: [{ number }], goods: [goodsLine({ categories })] }), importer);
    await runTrain(train.id, ids, containers);
  });

  it('keeps a full outbound train under the budget: every export held back at the border', { timeout: 120_000 }, async () => {
    const crossing = Date.now() + 2 * DAY;
    const registration = trainRegistrationSchema.parse({
      trainNumber: 'X9121',
      direction: 'outbound',
      portCode: 'ALASHANKOU',
      corridorId: 'yiwu-madrid',
      originCity: chinese(MAX_CITY_NAME_LENGTH, '义乌'),
      destinationCity: chinese(MAX_CITY_NAME_LENGTH, '马德里'),
      plannedDeparture: iso(crossing - 7 * DAY),
      plannedBorderCrossing: iso(crossing),
      plannedArrival: iso(crossing + 10 * DAY),
      containerCapacity: MAX_CONTAINERS_PER_TRAIN,
    });
    const { train } = await registerTrain(registration, officer('ZJ'));
    const containers = Array.from({ length: MAX_CONTAINERS_PER_TRAIN }, (_, i) => containerNumber(20_000 + i));
    const categories = ALL_SPECIFIC_CATEGORIES.filter((c) => c !== 'special-item');
    const ids = await fileAll(containers, (number) => exportFiling({ trainId: train.id, containers: [{ number }], goods: [goodsLine({ originCountry: 'CN', categories })] }), exporter);
    await runTrain(train.id, ids, containers);
  });

  it('stores every notice sent above under the budget, each within an SNS message', async () => {
    expect(notices.sent.length).toBeGreaterThan(0);
    for (const notice of notices.sent) {
      expect(bytes(notice), notice.kind).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
      // As the inbox subscriber stores it: the message parsed back from JSON.
      await repos().notifications.add(JSON.parse(JSON.stringify(notice)) as Parameters<ReturnType<typeof repos>['notifications']['add']>[0]);
    }
  });

  it('finds every item of the table, every callback answer and every stored replay under its limit', async () => {
    const largest = new Map<string, { size: number; pk: string }>();
    for (const item of await domainItems()) {
      const entity = item.entity?.S ?? '(none)';
      const size = itemSize(item);
      if (size > (largest.get(entity)?.size ?? -1)) largest.set(entity, { size, pk: `${item.pk?.S} ${item.sk?.S}` });
    }
    largest.set('Consignment (peak)', { size: Math.max(...consignmentPeaks), pk: 'right after an answer' });
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const report = [...largest].sort(([, a], [, b]) => b.size - a.size).map(([entity, { size, pk }]) => `${entity.padEnd(22)} ${kb(size).padStart(9)}  ${pk.slice(0, 60)}`);
    const answers = [...workflows.answers.values()].map(bytes);
    const largestReplay = replayed.reduce((a, b) => (b.size > a.size ? b : a), { what: '', size: 0 });
    console.info(
      [
        `largest item per entity (budget ${kb(ITEM_SIZE_BUDGET_BYTES)}):`,
        ...report,
        `largest callback answer: ${kb(Math.max(...answers))} (limit ${kb(PAYLOAD_LIMIT_BYTES)})`,
        `largest notice: ${kb(Math.max(...notices.sent.map(bytes)))} (limit ${kb(PAYLOAD_LIMIT_BYTES)})`,
        `largest stored replay: ${largestReplay.what} ${kb(largestReplay.size)}`,
      ].join('\n'),
    );
    for (const entity of ['Consignment', 'ConsignmentEvent', 'Task', 'Train', 'Notification']) expect([...largest.keys()]).toContain(entity);
    for (const [entity, { size }] of largest) expect(size, entity).toBeLessThanOrEqual(ITEM_SIZE_BUDGET_BYTES);
    for (const size of answers) expect(size).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
    for (const { what, size } of replayed) expect(size, what).toBeLessThanOrEqual(ITEM_SIZE_BUDGET_BYTES);
  });
});

/** One consignment per container, `MAX_CONSIGNMENTS_PER_TRAIN` in all, ten filed at a time. */
async function fileAll(containers: string[], filing: (container: string) => unknown, caller: CallerIdentity): Promise<string[]> {
  expect(containers).toHaveLength(MAX_CONSIGNMENTS_PER_TRAIN);
  const ids: string[] = [];
  for (let start = 0; start < containers.length; start += 10) {
    const batch = containers.slice(start, start + 10).map(async (number) => (await fileConsignment(consignmentFilingSchema.parse(filing(number)), caller)).id);
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

/** A run at its fullest: events with the longest remarks, both train tasks at their limits, the hand-over, the summary. */
async function runTrain(trainId: string, consignmentIds: string[], containers: string[]) {
  const remarks = (tag: string) => chinese(MAX_TRAIN_EVENT_REMARKS_LENGTH, tag);
  const xj = officer('XJ');
  const executionArn = `arn:aws:states:eu-central-1:000000000000:execution:TrainRun:${trainId}-run`;
  await recordTrainEvent(trainId, { type: 'arrived-at-border', remarks: remarks('到达') }, xj);
  expect(await beginTrainRun({ trainId, executionArn, trigger: 'arrival-event' })).toMatchObject({ proceed: true });
  const train = await repos().trains.get(trainId);
  if (train.direction === 'outbound') expect((await verifyTrainClearance({ trainId, executionArn })).heldBack).toHaveLength(consignmentIds.length);
  await answerTask(trainTasks, { trainId, kind: 'train-radiation', bureau: 'XJ' }, maximalTrainRadiation(containers));
  await answerTask(trainTasks, { trainId, kind: 'train-quarantine', bureau: 'XJ' }, maximalTrainQuarantine(containers));
  const outcomes: HandOverOutcome[] = [];
  for (const consignmentId of consignmentIds) outcomes.push(await handOverTrainResults({ trainId, consignmentId, executionArn }));
  expect(new Set(outcomes.map((o) => o.result))).toEqual(new Set([train.direction === 'inbound' ? 'awaiting-officer' : 'held-back']));
  await closeTrainRun({ trainId, executionArn, outcomes });
  await recordTrainEvent(trainId, { type: 'departed-border', remarks: remarks('离开') }, xj);
  await recordTrainEvent(trainId, { type: 'arrived-at-destination', remarks: remarks('抵达') }, xj);
  expect((await repos().trains.get(trainId)).runSummary).toBeDefined();
}
