import { describe, expect, it } from 'vitest';
import { createConsignment } from '#shared/domain/consignment.ts';
import { isConsignmentTaskKind, isTrainTaskKind, TASK_KINDS, TASK_TITLES, taskIdFor } from '#shared/domain/tasks/task-kinds.ts';
import { trainResultProblems, trainTaskResultSchema } from '#shared/domain/tasks/task-results.ts';
import { clearanceVerdict } from '#shared/domain/trains/clearance.ts';
import { manifestSummary } from '#shared/domain/trains/manifest-summary.ts';
import { completePortResults, describeReasons, exitChecksFromTrain, portChecksFromTrain, type CompletePortResults } from '#shared/domain/trains/port-results.ts';
import { runSummary } from '#shared/domain/trains/run-summary.ts';
import { mayLinkConsignment, mayManageTrain, mayReadTrains, mayRecordTrainEvent } from '#shared/domain/trains/train-access.ts';
import { decideTrainEvent } from '#shared/domain/trains/train-events.ts';
import { beijingDay, createTrain, trainIdOf, trainRegistrationSchema, trainTimetableChangeSchema } from '#shared/domain/trains/train-registration.ts';
import { atExpression, compactTime, planSchedules, preArrivalNoticeAt, scheduledMoment, timetableProblems } from '#shared/domain/trains/timetable.ts';
import { CONSIGNMENT_DIRECTION, type Train } from '#shared/domain/train.ts';
import { goodsLine, importFiling } from './fixtures.ts';

const paths = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) => result.error?.issues.map((i) => i.path.join('.')) ?? [];

const registration = {
  trainNumber: ' x8001 ',
  direction: 'inbound',
  portCode: 'ALASHANKOU',
  originCity: 'Duisburg',
  destinationCity: 'Chongqing',
  plannedDeparture: '2024-02-20T23:30:00+01:00',
  plannedBorderCrossing: '2024-03-01T10:00:00+08:00',
  plannedArrival: '2024-03-04T10:00:00+08:00',
};
const by = { bureau: 'XJ', subject: 'officer-1' } as const;

function train(overrides: Partial<Train> = {}): Train {
  return { ...createTrain(trainRegistrationSchema.parse({ ...registration, corridorId: 'chongqing-duisburg' }), { at: '2024-02-01T00:00:00Z', by }), ...overrides };
}

describe('train registration (POST /trains)', () => {
  it('normalises the train number and names the run after it and its Beijing departure day', () => {
    const parsed = trainRegistrationSchema.parse(registration);
    expect(parsed.trainNumber).toBe('X8001');
    // 23:30 in Duisburg on the 20th is the 21st in Beijing.
    expect(beijingDay(parsed.plannedDeparture)).toBe('2024-02-21');
    expect(trainIdOf(parsed)).toBe('X8001-20240221');
  });

  it('takes the inland bureau from the corridor, the port bureau from the port, and a default notice lead', () => {
    const created = train();
    expect(created).toMatchObject({ id: 'X8001-20240221', portBureau: 'XJ', inlandBureau: 'CQ', corridorId: 'chongqing-duisburg', status: 'scheduled', actual: {}, version: 1, preArrivalNoticeHours: 6 });
    const bare = createTrain(trainRegistrationSchema.parse({ ...registration, inlandBureau: 'SC', containerCapacity: 41, preArrivalNoticeHours: 2 }), { at: '2024-02-01T00:00:00Z', by, defaultNoticeHours: 4 });
    expect(bare).toMatchObject({ inlandBureau: 'SC', containerCapacity: 41, preArrivalNoticeHours: 2 });
    expect(bare.corridorId).toBeUndefined();
    const configured = createTrain(trainRegistrationSchema.parse(registration), { at: '2024-02-01T00:00:00Z', by, defaultNoticeHours: 4 });
    expect(configured.preArrivalNoticeHours).toBe(4);
    expect(configured.inlandBureau).toBeUndefined();
  });

  it('names every failing field, including the order of the timetable and the corridor', () => {
    expect(paths(trainRegistrationSchema.safeParse({ ...registration, plannedBorderCrossing: registration.plannedDeparture, plannedArrival: registration.plannedDeparture }))).toEqual([
      'plannedBorderCrossing',
      'plannedArrival',
    ]);
    expect(paths(trainRegistrationSchema.safeParse({ ...registration, corridorId: 'atlantis' }))).toEqual(['corridorId']);
    expect(paths(trainRegistrationSchema.safeParse({ ...registration, corridorId: 'suzhou-warsaw' }))).toEqual(['portCode']);
    expect(paths(trainRegistrationSchema.safeParse({ ...registration, corridorId: 'chongqing-duisburg', inlandBureau: 'SC' }))).toEqual(['inlandBureau']);
    expect(paths(trainRegistrationSchema.safeParse({ ...registration, inlandBureau: 'HQ' }))).toEqual(['inlandBureau']);
    expect(paths(trainRegistrationSchema.safeParse({ ...registration, direction: 'import', trainNumber: '', preArrivalNoticeHours: 100 }))).toEqual([
      'trainNumber',
      'direction',
      'preArrivalNoticeHours',
    ]);
  });

  it('takes a timetable change or a cancellation, not both, and not nothing', () => {
    expect(trainTimetableChangeSchema.parse({ plannedArrival: '2024-03-05T10:00:00+08:00' })).toEqual({ plannedArrival: '2024-03-05T10:00:00+08:00' });
    expect(trainTimetableChangeSchema.parse({ status: 'cancelled', reason: 'no locomotive' })).toEqual({ status: 'cancelled', reason: 'no locomotive' });
    expect(paths(trainTimetableChangeSchema.safeParse({}))).toEqual(['']);
    expect(paths(trainTimetableChangeSchema.safeParse({ status: 'cancelled', plannedArrival: '2024-03-05T10:00:00+08:00' }))).toEqual(['plannedArrival']);
    expect(paths(trainTimetableChangeSchema.safeParse({ plannedArrival: '2024-03-05T10:00:00+08:00', reason: 'why' }))).toEqual(['reason']);
    expect(trainTimetableChangeSchema.safeParse({ status: 'departed' }).success).toBe(false);
    expect(trainTimetableChangeSchema.safeParse({ trainNumber: 'X1' }).success).toBe(false);
  });
});

describe('the timetable and its schedules', () => {
  const now = new Date('2024-02-28T00:00:00Z');

  it('checks the order of partial timetables', () => {
    expect(timetableProblems({ plannedArrival: registration.plannedArrival })).toEqual([]);
    expect(timetableProblems({ plannedBorderCrossing: registration.plannedArrival, plannedArrival: registration.plannedBorderCrossing }).map((p) => p.path)).toEqual(['plannedArrival']);
  });

  it('schedules the notice hours before the crossing, both in UTC at() expressions', () => {
    const t = train();
    expect(preArrivalNoticeAt(t)).toBe('2024-02-29T20:00:00.000Z');
    expect(preArrivalNoticeAt({ plannedBorderCrossing: '2024-03-01T10:00:00+08:00', preArrivalNoticeHours: 0.25 })).toBe('2024-03-01T01:45:00.000Z');
    expect(atExpression('2024-03-01T10:00:00.999+08:00')).toBe('at(2024-03-01T02:00:00)');
    expect(compactTime('2024-03-01T10:00:00+08:00')).toBe('20240301T020000Z');
    expect(planSchedules(t, now)).toEqual({
      preArrivalNotice: { kind: 'schedule', at: '2024-02-29T20:00:00.000Z', immediate: false },
      borderCrossing: { kind: 'schedule', at: '2024-03-01T02:00:00.000Z', immediate: false },
    });
  });

  it('arms a moment already come a few seconds ahead, whole seconds', () => {
    const late = scheduledMoment('2024-02-27T00:00:00Z', new Date('2024-02-28T00:00:00.300Z'));
    expect(late).toEqual({ kind: 'schedule', at: '2024-02-28T00:00:03.000Z', immediate: true });
    // Within the Scheduler's one-minute precision counts as come.
    expect(scheduledMoment('2024-02-28T00:00:30Z', now).immediate).toBe(true);
    expect(scheduledMoment('2024-02-28T00:02:00Z', now).immediate).toBe(false);
    const t = train({ plannedBorderCrossing: '2024-02-28T03:00:00Z' });
    expect(planSchedules(t, now).preArrivalNotice).toMatchObject({ immediate: true });
    expect(planSchedules(t, now).borderCrossing).toMatchObject({ immediate: false, at: '2024-02-28T03:00:00.000Z' });
  });

  it('does not repeat a notice for the same crossing, repeats it for a new one, and schedules nothing once the run started', () => {
    const sent = train({ preArrivalNotice: { sentAt: '2024-02-29T20:00:00Z', forCrossing: '2024-03-01T02:00:00Z' } });
    expect(planSchedules(sent, now).preArrivalNotice).toEqual({ kind: 'none', reason: 'already-sent' });
    expect(planSchedules({ ...sent, plannedBorderCrossing: '2024-03-02T02:00:00Z' }, now).preArrivalNotice.kind).toBe('schedule');
    expect(planSchedules(train({ run: { executionArn: 'arn', startedAt: '2024-03-01T02:00:00Z', trigger: 'schedule' } }), now)).toEqual({
      preArrivalNotice: { kind: 'none', reason: 'run-started' },
      borderCrossing: { kind: 'none', reason: 'run-started' },
    });
  });
});

describe('who may act on a train', () => {
  const t = train();
  it('lets the port and inland bureaus manage it, the port record border events, everyone read it', () => {
    expect(mayManageTrain({ role: 'officer', bureau: 'XJ' }, t)).toBe(true);
    expect(mayManageTrain({ role: 'officer', bureau: 'CQ' }, t)).toBe(true);
    expect(mayManageTrain({ role: 'officer', bureau: 'SC' }, t)).toBe(false);
    expect(mayManageTrain({ role: 'hq', bureau: 'XJ' }, t)).toBe(false);
    expect(mayRecordTrainEvent({ role: 'officer', bureau: 'XJ' }, t, 'arrived-at-border')).toBe(true);
    expect(mayRecordTrainEvent({ role: 'officer', bureau: 'CQ' }, t, 'departed-border')).toBe(false);
    expect(mayRecordTrainEvent({ role: 'officer', bureau: 'CQ' }, t, 'arrived-at-destination')).toBe(true);
    expect(mayRecordTrainEvent({ role: 'officer', bureau: 'NM' }, t, 'arrived-at-destination')).toBe(false);
    expect(mayRecordTrainEvent({ role: 'declarant', bureau: 'XJ', enterprise: 'x' }, t, 'arrived-at-border')).toBe(false);
    expect(mayReadTrains({ role: 'officer', bureau: 'HL' })).toBe(true);
    expect(mayReadTrains({ role: 'hq', bureau: 'HQ' })).toBe(true);
    expect(mayReadTrains({ role: 'declarant', bureau: 'CQ', enterprise: 'x' })).toBe(false);
  });

  it('lets a party to a consignment link it to a train', () => {
    const consignment = { responsibleBureaus: ['XJ', 'CQ'], declarant: '91500000MA5U000010' };
    expect(mayLinkConsignment({ role: 'officer', bureau: 'CQ' }, consignment)).toBe(true);
    expect(mayLinkConsignment({ role: 'officer', bureau: 'NM' }, consignment)).toBe(false);
    expect(mayLinkConsignment({ role: 'declarant', bureau: 'CQ', enterprise: '91500000MA5U000010' }, consignment)).toBe(true);
    expect(mayLinkConsignment({ role: 'declarant', bureau: 'CQ', enterprise: '91330782MA28A0001M' }, consignment)).toBe(false);
    expect(mayLinkConsignment({ role: 'hq', bureau: 'HQ' }, consignment)).toBe(false);
  });
});

describe('actual train events', () => {
  const record = { at: '2024-03-01T02:00:00Z', recordedAt: '2024-03-01T02:00:00Z', by };
  it('records each event once and in order, never on a cancelled run', () => {
    expect(decideTrainEvent(train(), 'arrived-at-border')).toEqual({ kind: 'record', status: 'at-border' });
    expect(decideTrainEvent(train({ actual: { 'arrived-at-border': record } }), 'arrived-at-border')).toEqual({ kind: 'duplicate', existing: record });
    expect(decideTrainEvent(train(), 'departed-border').kind).toBe('refused');
    expect(decideTrainEvent(train({ actual: { 'arrived-at-border': record } }), 'departed-border')).toEqual({ kind: 'record', status: 'departed-border' });
    expect(decideTrainEvent(train({ actual: { 'arrived-at-border': record, 'departed-border': record } }), 'arrived-at-destination')).toEqual({ kind: 'record', status: 'arrived' });
    const cancelled = decideTrainEvent(train({ status: 'cancelled' }), 'arrived-at-border');
    expect(cancelled.kind === 'refused' && cancelled.reason).toMatch(/cancelled/);
  });
});

describe("what a train's port results stand for", () => {
  const results: CompletePortResults = {
    quarantine: { taskId: 'T.train-quarantine', outcome: 'pass', surfaceTreatment: 'done', by, at: '2024-03-01T03:00:00Z' },
    radiation: {
      taskId: 'T.train-radiation',
      outcome: 'fail',
      containers: [
        { number: 'CSQU3054383', radiation: 'normal' },
        { number: 'MSKU1234565', radiation: 'alarm' },
        { number: 'TGHU0000013', radiation: 'normal' },
      ],
      by,
      at: '2024-03-01T03:30:00Z',
    },
  };

  it('needs both train records before anything is handed over', () => {
    expect(completePortResults(undefined)).toBeUndefined();
    expect(completePortResults({ quarantine: results.quarantine })).toBeUndefined();
    expect(completePortResults(results)).toEqual(results);
  });

  it("completes an unalarmed consignment's port checks, container by container", () => {
    const decision = portChecksFromTrain('T', ['CSQU3054383', 'TGHU0000013'], results);
    expect(decision.covered).toBe(true);
    expect(decision.covered && decision.answer.details.containers).toEqual([
      { number: 'CSQU3054383', radiation: 'normal', quarantine: 'pass', treatment: 'done' },
      { number: 'TGHU0000013', radiation: 'normal', quarantine: 'pass', treatment: 'done' },
    ]);
    expect(decision.covered && decision.answer.details.findings).toContain('T.train-radiation');
  });

  it('leaves every other case to an officer, saying why', () => {
    const alarmed = portChecksFromTrain('T', ['MSKU1234565', 'TCNU9001003'], results);
    expect(alarmed).toEqual({
      covered: false,
      reasons: [
        { code: 'radiation-alarm', containers: ['MSKU1234565'] },
        { code: 'not-scanned', containers: ['TCNU9001003'] },
      ],
    });
    const failedTrain = portChecksFromTrain('T', ['CSQU3054383'], {
      ...results,
      quarantine: { ...results.quarantine, outcome: 'fail', surfaceTreatment: undefined, containerFindings: [{ number: 'CSQU3054383', finding: 'soil' }] },
    });
    expect(failedTrain.covered || failedTrain.reasons.map((r) => r.code)).toEqual(['train-quarantine-failed', 'no-surface-treatment-record', 'container-quarantine-finding']);
    expect(failedTrain.covered || describeReasons(failedTrain.reasons)).toBe(
      '列车检疫不合格 / the train failed quarantine; 列车检疫未记录表面处理 / the train quarantine recorded no surface treatment; 集装箱 CSQU3054383 检疫发现问题 / quarantine finding on CSQU3054383',
    );
    expect(alarmed.covered || describeReasons(alarmed.reasons)).toContain('radiation alarm on MSKU1234565');
  });

  it('finds exit alarms and unscanned containers of an export', () => {
    expect(exitChecksFromTrain(['MSKU1234565', 'TCNU9001003', 'CSQU3054383'], results)).toEqual({ alarms: ['MSKU1234565'], notScanned: ['TCNU9001003'] });
  });
});

describe('the manifest summary, clearance and the run summary', () => {
  const general = createConsignment(importFiling({ containers: [{ number: 'CSQU3054383' }] }), { id: 'c1', at: '2024-02-20T00:00:00Z' });
  const bulk = {
    ...createConsignment(importFiling({ containers: [{ number: 'MSKU1234565' }, { number: 'CSQU3054383' }], goods: [goodsLine({ categories: ['bulk'] })] }), { id: 'c2', at: '2024-02-20T00:00:00Z' }),
    inspectionPlan: { exceptedCategories: ['bulk' as const], portInspection: true } as never,
  };

  it('counts containers once, lists excepted categories and planned port inspections, per inland bureau', () => {
    expect(manifestSummary([general, bulk])).toEqual({
      consignments: 2,
      containers: { count: 2, numbers: ['CSQU3054383', 'MSKU1234565'] },
      exceptedCategories: [{ category: 'bulk', consignmentIds: ['c2'] }],
      plannedPortInspections: [{ consignmentId: 'c2', categories: ['bulk'], containers: ['MSKU1234565', 'CSQU3054383'] }],
      byInlandBureau: { CQ: 2 },
    });
    expect(manifestSummary([])).toMatchObject({ consignments: 0, containers: { count: 0 } });
  });

  it('clears only released exports with their clearance document', () => {
    const clearanceDocument = { number: 'ZJ2024', issuedBy: 'ZJ' as const, issuedAt: '2024-02-20T00:00:00Z' };
    expect(clearanceVerdict({ direction: 'export', status: 'released', clearanceDocument })).toEqual({ cleared: true, document: 'ZJ2024' });
    expect(clearanceVerdict({ direction: 'export', status: 'released' })).toMatchObject({ cleared: false, reason: expect.stringContaining('without a clearance document') });
    expect(clearanceVerdict({ direction: 'export', status: 'rejected' })).toMatchObject({ cleared: false, reason: expect.stringContaining('rejected') });
    expect(clearanceVerdict({ direction: 'export', status: 'awaiting-origin-inspection' })).toMatchObject({ cleared: false, reason: expect.stringContaining('awaiting-origin-inspection') });
    expect(clearanceVerdict({ direction: 'import', status: 'released', clearanceDocument })).toMatchObject({ cleared: false });
  });

  it('sums up the hand-over', () => {
    const summary = runSummary([
      { consignmentId: 'a', result: 'port-checks-completed' },
      { consignmentId: 'b', result: 'awaiting-officer', reasons: [{ code: 'radiation-alarm', containers: ['X'] }] },
      { consignmentId: 'c', result: 'held-back', reason: 'alarm' },
      { consignmentId: 'd', result: 'not-applicable', reason: 'moved' },
    ]);
    expect(summary.counts).toEqual({ 'port-checks-completed': 1, 'results-recorded': 0, 'awaiting-officer': 1, 'held-back': 1, 'exit-recorded': 0, 'not-applicable': 1 });
    expect(summary.awaitingOfficer).toEqual([{ consignmentId: 'b', reasons: [{ code: 'radiation-alarm', containers: ['X'] }] }]);
    expect(summary.heldBack).toEqual([{ consignmentId: 'c', reason: 'alarm' }]);
    expect(summary.consignments).toBe(4);
  });
});

describe('train tasks', () => {
  it('are task kinds of their own, named after the train', () => {
    expect(TASK_KINDS).toEqual(expect.arrayContaining(['train-quarantine', 'train-radiation', 'port-checks']));
    expect(isTrainTaskKind('train-radiation')).toBe(true);
    expect(isTrainTaskKind('port-checks')).toBe(false);
    expect(isConsignmentTaskKind('port-checks')).toBe(true);
    expect(isConsignmentTaskKind('train-quarantine')).toBe(false);
    expect(taskIdFor('X8001-20240221', 'train-quarantine')).toBe('X8001-20240221.train-quarantine');
    expect(TASK_TITLES['train-radiation'].en).toMatch(/whole train/);
    expect(CONSIGNMENT_DIRECTION).toEqual({ inbound: 'import', outbound: 'export' });
  });

  it('take radiation results as a batch: alarms make a fail, and a fail lists them', () => {
    const schema = trainTaskResultSchema('train-radiation');
    const containers = [{ number: 'CSQU 305438 3', radiation: 'normal' }, { number: 'MSKU1234565', radiation: 'alarm' }];
    expect(schema.parse({ outcome: 'fail', details: { containers } }).details.containers[0]?.number).toBe('CSQU3054383');
    expect(paths(schema.safeParse({ outcome: 'pass', details: { containers } }))).toEqual(['outcome']);
    expect(paths(schema.safeParse({ outcome: 'fail', details: { containers: [containers[0]] } }))).toEqual(['details.containers']);
    expect(paths(schema.safeParse({ outcome: 'fail', details: { containers: [...containers, containers[1]] } }))).toEqual(['details.containers.2.number']);
    expect(paths(schema.safeParse({ outcome: 'pass', details: { containers: [] } }))).toEqual(['details.containers']);
    expect(paths(schema.safeParse({ outcome: 'pass' }))).toEqual(['details']);
  });

  it('take the train quarantine with the surface treatment on the way in, and findings when it fails', () => {
    const schema = trainTaskResultSchema('train-quarantine');
    expect(schema.parse({ outcome: 'pass', details: { surfaceTreatment: 'done', containerFindings: [{ number: 'CSQU3054383', finding: 'soil on the floor' }] } })).toMatchObject({ outcome: 'pass' });
    expect(paths(schema.safeParse({ outcome: 'fail' }))).toEqual(['details.findings']);
    expect(schema.safeParse({ outcome: 'fail', details: { findings: 'rodents in wagon 12' } }).success).toBe(true);
    expect(trainResultProblems('train-quarantine', { outcome: 'pass' }, { direction: 'inbound' }).map((p) => p.path)).toEqual(['details.surfaceTreatment']);
    expect(trainResultProblems('train-quarantine', { outcome: 'pass', details: { surfaceTreatment: 'not-needed' } }, { direction: 'inbound' })).toEqual([]);
    expect(trainResultProblems('train-quarantine', { outcome: 'pass' }, { direction: 'outbound' })).toEqual([]);
    expect(trainResultProblems('train-radiation', { outcome: 'pass', details: { containers: [] } }, { direction: 'inbound' })).toEqual([]);
  });
});
