import { describe, expect, it } from 'vitest';
import { buildTimeline, type AuditEventLike, type HistoryEventLike } from '#shared/review/timeline.ts';
import escalatedImport from './fixtures/import-escalated.json' with { type: 'json' };
import rejectedExport from './fixtures/export-rejected.json' with { type: 'json' };

// Recorded through the API by fixtures/record-histories.ts: history timestamps are the workflow's
// (time-scaled) clock, audit events the API's.
const importHistory = escalatedImport.history.events as HistoryEventLike[];
const importAudit = escalatedImport.consignment.events as AuditEventLike[];
const xjOfficer = (JSON.parse(escalatedImport.history.events[7]!.taskSucceededEventDetails!.output) as { by: { subject: string } }).by.subject;
const cqOfficer = importAudit.find((e) => e.type === 'destination-inspection-completed')!.actor!.subject!;

describe('the timeline of a recorded import execution (direct-through, one escalation)', () => {
  const timeline = buildTimeline(importHistory, { auditEvents: importAudit });

  it('lists each state once, with the escalation loop folded into one step', () => {
    expect(timeline.steps.map((s) => [s.state, s.stateType, s.result])).toEqual([
      ['Planned', 'Pass', 'succeeded'],
      ['AwaitPortChecks', 'Task', 'succeeded'],
      ['AfterPortChecks', 'Choice', 'succeeded'],
      ['AwaitDestinationInspection', 'Task', 'succeeded'],
      ['Decide', 'Choice', 'succeeded'],
      ['Release', 'Task', 'succeeded'],
    ]);
    expect(timeline.status).toBe('SUCCEEDED');
    expect(timeline.startedAt).toBe('2026-11-30T22:58:33.225Z');
    expect(timeline.stoppedAt).toBe('2026-12-04T03:59:52.425Z');
    expect(timeline.durationMs).toBe(Date.parse('2026-12-04T03:59:52.425Z') - Date.parse('2026-11-30T22:58:33.225Z'));
  });

  it('says which bureau was asked, who answered, when the step was entered and left and how long it waited', () => {
    const [, portChecks, , destination, , release] = timeline.steps;
    expect(portChecks).toMatchObject({
      task: { kind: 'port-checks', bureau: 'XJ' },
      actedBy: { role: 'officer', bureau: 'XJ', subject: xjOfficer, at: '2026-11-30T02:18:44.139Z' },
      outcome: 'pass',
      enteredAt: '2026-11-30T23:00:42.825Z',
      exitedAt: '2026-12-01T02:19:26.025Z',
      waitedMs: Date.parse('2026-12-01T02:19:26.025Z') - Date.parse('2026-11-30T23:00:42.825Z'),
      escalations: [],
    });
    expect(destination).toMatchObject({
      task: { kind: 'destination-inspection', bureau: 'CQ' },
      actedBy: { role: 'officer', bureau: 'CQ', subject: cqOfficer },
      outcome: 'pass',
      enteredAt: '2026-12-01T02:19:26.025Z',
      exitedAt: '2026-12-04T03:13:26.025Z',
      waitedMs: Date.parse('2026-12-04T03:13:26.025Z') - Date.parse('2026-12-01T02:19:26.025Z'),
    });
    expect(destination?.error).toBeUndefined();
    expect(release?.actedBy).toEqual({ role: 'system', subject: 'closeConsignment' });
    expect(timeline.waitingByBureau).toEqual({ XJ: portChecks?.waitedMs, CQ: destination?.waitedMs });
  });

  it('records the escalation with the deadline that passed and the bureau told', () => {
    expect(timeline.steps[3]?.escalations).toEqual([{ level: 1, at: '2026-12-04T02:21:35.625Z', notified: 'CQ' }]);
    expect(timeline.escalationCount).toBe(1);
  });

  it('leaves out who was told when the audit trail is not given, and reads the same from an SDK-shaped history', () => {
    const sdkShaped = importHistory.map((e) => ({ ...e, timestamp: new Date(String(e.timestamp)) }));
    const bare = buildTimeline(sdkShaped);
    expect(bare.steps[3]?.escalations).toEqual([{ level: 1, at: '2026-12-04T02:21:35.625Z' }]);
    expect(bare.steps.map((s) => s.waitedMs)).toEqual(timeline.steps.map((s) => s.waitedMs));
  });
});

describe('the timeline of a recorded export rejected at origin', () => {
  const timeline = buildTimeline(rejectedExport.history.events as HistoryEventLike[], { auditEvents: rejectedExport.consignment.events as AuditEventLike[] });

  it('shows the failed origin inspection, its disposal and the rejection', () => {
    expect(timeline.steps.map((s) => s.state)).toEqual(['Planned', 'AwaitOriginInspection', 'AfterOriginInspection', 'Reject']);
    expect(timeline.steps[1]).toMatchObject({ task: { kind: 'origin-inspection', bureau: 'ZJ' }, outcome: 'fail', disposal: 'destroy', actedBy: { role: 'officer', bureau: 'ZJ' } });
    expect(timeline.escalationCount).toBe(0);
  });
});

// Hand-written histories for what the recorded ones do not show.
let nextId = 1;
function event(type: string, at: string, previousEventId: number, detailsOf?: Record<string, unknown>): HistoryEventLike {
  const id = nextId++;
  const key = type.endsWith('StateEntered') ? 'stateEnteredEventDetails' : type.endsWith('StateExited') ? 'stateExitedEventDetails' : `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`;
  return { id, previousEventId, type, timestamp: at, ...(detailsOf && { [key]: detailsOf }) };
}
const callback = (kind: string, bureau: string) => ({ parameters: JSON.stringify({ FunctionName: 'arn:aws:lambda:r:1:function:openTask', Payload: { kind, bureau, taskToken: 't' } }) });

describe('timelines of executions in other shapes', () => {
  it('shows a waiting task while the execution runs, waited up to now, falling back to the audit trail for who acted', () => {
    nextId = 1;
    const history = [
      event('ExecutionStarted', '2024-03-01T00:00:00Z', 0),
      event('TaskStateEntered', '2024-03-01T00:00:00Z', 1, { name: 'AwaitOriginInspection' }),
      event('TaskScheduled', '2024-03-01T00:00:00Z', 2, callback('origin-inspection', 'ZJ')),
      event('TaskSucceeded', '2024-03-01T01:00:00Z', 3, { output: '{"outcome":"pass"}' }),
      event('TaskStateExited', '2024-03-01T01:00:00Z', 4, { name: 'AwaitOriginInspection' }),
      event('TaskStateEntered', '2024-03-01T01:00:00Z', 5, { name: 'AwaitPortInspection' }),
      event('TaskScheduled', '2024-03-01T01:00:00Z', 6, callback('port-inspection', 'XJ')),
    ];
    const audit: AuditEventLike[] = [{ type: 'origin-inspection-completed', at: '2024-03-01T00:59:00Z', actor: { role: 'officer', bureau: 'ZJ', subject: 'officer-7' }, data: { outcome: 'pass' } }];
    const timeline = buildTimeline(history, { auditEvents: audit, now: '2024-03-01T03:00:00Z' });
    expect(timeline.status).toBe('RUNNING');
    expect(timeline.stoppedAt).toBeUndefined();
    expect(timeline.steps[0]).toMatchObject({ result: 'succeeded', outcome: 'pass', actedBy: { role: 'officer', bureau: 'ZJ', subject: 'officer-7', at: '2024-03-01T00:59:00Z' } });
    expect(timeline.steps[1]).toMatchObject({ state: 'AwaitPortInspection', result: 'waiting', waitedMs: 2 * 3600_000, task: { kind: 'port-inspection', bureau: 'XJ' } });
    expect(timeline.steps[1]?.exitedAt).toBeUndefined();
    expect(timeline.steps[1]?.actedBy).toBeUndefined();
  });

  it('marks a failed function call that a Catch handled, and a step the aborted execution cut short', () => {
    nextId = 1;
    const history = [
      event('ExecutionStarted', '2024-03-01T00:00:00Z', 0),
      event('TaskStateEntered', '2024-03-01T00:00:00Z', 1, { name: 'Notify' }),
      event('TaskScheduled', '2024-03-01T00:00:00Z', 2, { resourceType: 'sns', resource: 'publish', parameters: '{}' }),
      event('TaskFailed', '2024-03-01T00:00:01Z', 3, { error: 'SNS.NotFound', cause: 'no topic' }),
      event('TaskStateExited', '2024-03-01T00:00:01Z', 4, { name: 'Notify' }),
      event('WaitStateEntered', '2024-03-01T00:00:01Z', 5, { name: 'Pause' }),
      event('ExecutionAborted', '2024-03-01T00:10:01Z', 6, { error: 'stopped' }),
    ];
    const timeline = buildTimeline(history);
    expect(timeline.status).toBe('ABORTED');
    expect(timeline.steps[0]).toMatchObject({ state: 'Notify', result: 'caught', error: { error: 'SNS.NotFound', cause: 'no topic' } });
    expect(timeline.steps[1]).toMatchObject({ state: 'Pause', stateType: 'Wait', result: 'aborted', waitedMs: 600_000 });
  });

  it('retries a failed function call within one step and ends failed when the execution fails inside it', () => {
    nextId = 1;
    const history = [
      event('ExecutionStarted', '2024-03-01T00:00:00Z', 0),
      event('TaskStateEntered', '2024-03-01T00:00:00Z', 1, { name: 'Release' }),
      event('TaskScheduled', '2024-03-01T00:00:00Z', 2, { resourceType: 'lambda', resource: 'invoke', parameters: JSON.stringify({ FunctionName: 'closeConsignment' }) }),
      event('TaskFailed', '2024-03-01T00:00:01Z', 3, { error: 'States.TaskFailed' }),
      event('TaskScheduled', '2024-03-01T00:00:03Z', 4, { resourceType: 'lambda', resource: 'invoke', parameters: '{}' }),
      event('TaskFailed', '2024-03-01T00:00:04Z', 5, {}),
      event('ExecutionFailed', '2024-03-01T00:00:04Z', 6, { error: 'States.TaskFailed' }),
    ];
    const timeline = buildTimeline(history);
    expect(timeline.status).toBe('FAILED');
    expect(timeline.steps).toHaveLength(1);
    expect(timeline.steps[0]).toMatchObject({ result: 'failed', error: { error: 'States.TaskFailed' }, waitedMs: 4000 });
  });

  it('keeps steps of concurrent Map iterations apart and says which iteration each ran in', () => {
    nextId = 1;
    const history = [
      event('ExecutionStarted', '2024-03-01T00:00:00Z', 0),
      event('MapStateEntered', '2024-03-01T00:00:00Z', 1, { name: 'EachConsignment' }),
      event('MapStateStarted', '2024-03-01T00:00:00Z', 2, { length: 2 }),
      event('MapIterationStarted', '2024-03-01T00:00:00Z', 3, { name: 'EachConsignment', index: 0 }),
      event('MapIterationStarted', '2024-03-01T00:00:00Z', 3, { name: 'EachConsignment', index: 1 }),
      event('TaskStateEntered', '2024-03-01T00:00:00Z', 4, { name: 'Hand' }), // 6, iteration 0
      event('TaskStateEntered', '2024-03-01T00:00:01Z', 5, { name: 'Hand' }), // 7, iteration 1
      event('TaskStateExited', '2024-03-01T00:00:05Z', 7, { name: 'Hand' }), // iteration 1 leaves first
      event('TaskStateExited', '2024-03-01T00:00:09Z', 6, { name: 'Hand' }),
      event('MapStateSucceeded', '2024-03-01T00:00:09Z', 3),
      event('MapStateExited', '2024-03-01T00:00:09Z', 10, { name: 'EachConsignment' }),
      event('ExecutionSucceeded', '2024-03-01T00:00:09Z', 11),
    ];
    const timeline = buildTimeline(history);
    expect(timeline.steps.map((s) => [s.state, s.iteration, s.waitedMs])).toEqual([
      ['EachConsignment', undefined, 9000],
      ['Hand', 0, 9000],
      ['Hand', 1, 4000],
    ]);
  });
});
