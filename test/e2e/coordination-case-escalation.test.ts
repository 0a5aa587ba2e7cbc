import { describe, expect, it } from 'vitest';
import { TASK_DEADLINE_SECONDS } from '#shared/domain/tasks/task-kinds.ts';
import { CaseDriver, generalCase } from './support/case-driver.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

// The addressed bureau's deadline (two working days) passes every 0.6 s on the local cloud's clock.
const ROUND_SECONDS = 0.6;
const TIME_SCALE = TASK_DEADLINE_SECONDS['coordination-case'] / ROUND_SECONDS;
const t = useTestCloud({ timeScale: TIME_SCALE });
const driver = new LifecycleDriver(t);
const cases = new CaseDriver(t, driver);

describe('a coordination case nobody answers (408号 四（二）、（三）)', () => {
  it('reaches the lead bureau, then HQ, records each step, and ends when the lead bureau resolves it', async () => {
    // Chongqing and Sichuan are both of the Xinjiang-led group: XJ convenes.
    const opened = await cases.open('CQ', generalCase());
    expect(opened.leadBureau).toBe('XJ');
    const first = await cases.task('SC', opened.id);

    const escalated = await eventually(async () => {
      const c = await cases.read(opened.id);
      return c.escalation >= 3 ? c : undefined;
    }, 'the case to reach HQ', 15_000);
    const steps = escalated.history.map((entry) => [entry.type, entry.level ?? null, entry.notified ?? null]);
    expect(steps.slice(0, 5)).toEqual([
      ['opened', null, null],
      ['awaiting-answer', null, 'SC'],
      ['escalated', 1, 'SC'],
      ['escalated', 2, 'XJ'],
      ['escalated', 3, 'HQ'],
    ]);
    expect(escalated.stage).toBe('hq');

    // Each bureau the case reached was told so, in its inbox.
    for (const [bureau, token, level] of [['SC', await driver.officer('SC'), 1], ['XJ', await driver.officer('XJ'), 2], ['HQ', await driver.hq(), 3]] as const) {
      const notices = await cases.notices(token, opened.id, ['escalation']);
      expect(notices.filter((n) => n.kind === 'escalation').map((n) => n.data?.level), bureau).toContain(level);
    }
    // The same task waits on, for the addressed bureau, with a later deadline.
    const current = await cases.task('SC', opened.id);
    expect(current.id).toBe(first.id);
    expect(Date.parse(current.dueAt)).toBeGreaterThan(Date.parse(first.dueAt));

    // Completing it from the lead bureau ends the escalation.
    const resolved = await t.call<{ status: string }>('POST', `/cases/${opened.id}/resolve`, await driver.officer('XJ'), { resolution: '经协调，成都局自下月起将印章移至首页。' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    const settled = await cases.settled(opened.id);
    expect(settled.outcome).toMatchObject({ outcome: 'resolved', by: { bureau: 'XJ' }, resolvedAs: 'lead' });
    expect(settled.task).toMatchObject({ id: first.id, status: 'completed' });
    expect(settled.history.at(-1)).toMatchObject({ type: 'resolved', by: { bureau: 'XJ' } });

    // Three more deadlines' worth of the workflow's clock: no escalation follows a resolved case.
    // (A deadline that passed in the very moment of the resolution may still land its entry: the
    // history is read once that moment is over.)
    const pause = (rounds: number) => new Promise((resolve) => setTimeout(resolve, rounds * ROUND_SECONDS * 1000));
    await pause(1);
    const ended = await cases.read(opened.id);
    await pause(3);
    const later = await cases.read(opened.id);
    expect(later.history).toEqual(ended.history);
    expect(later.escalation).toBe(ended.escalation);
    const queue = await t.call<{ items: Array<{ caseId?: string }> }>('GET', '/tasks?limit=100', await driver.officer('SC'));
    expect(queue.body.items.some((task) => task.caseId === opened.id)).toBe(false);
    // The opener and HQ, which the case had reached, hear how it ended.
    for (const token of [await driver.officer('CQ'), await driver.hq()]) await cases.notices(token, opened.id, ['case-resolved']);
  });

  it('lets neither the lead bureau nor HQ decide before the case has reached them', async () => {
    const opened = await cases.open('CQ', generalCase({ answerWithinHours: 168 }));
    await cases.task('SC', opened.id);
    for (const token of [await driver.officer('XJ'), await driver.hq()]) {
      const early = await t.call('POST', `/cases/${opened.id}/resolve`, token, { resolution: 'too early' });
      expect(early.status).toBe(403);
    }
    expect((await cases.read(opened.id)).status).toBe('awaiting-answer');
  });
});
