import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '#shared/data/errors.ts';
import { NotificationRepository } from '#shared/data/notification-repository.ts';
import { TaskRepository, taskIdOf, type NewTask } from '#shared/data/task-repository.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const tasks = () => new TaskRepository(table.config());
const notifications = () => new NotificationRepository(table.config());

let serial = 0;
function task(overrides: Partial<NewTask> = {}): NewTask {
  serial += 1;
  return {
    taskToken: `AQCEAAAAKgAAAAMAAAAAAAAAA${serial}`.padEnd(300, 'x'),
    bureau: 'XJ',
    kind: 'port-checks',
    consignmentId: 'C-1',
    dueAt: new Date(Date.UTC(2024, 2, 1, 12, serial)).toISOString(),
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:ConsignmentFlow:c-1',
    stateName: 'AwaitPortChecks',
    ...overrides,
  };
}

describe('pending tasks', () => {
  it('records a task once per token, so a retried step handler gets the same task', async () => {
    const t = task();
    const [a, b] = await Promise.all([tasks().record(t), tasks().record(t)]);
    expect(a.taskId).toBe(taskIdOf(t.taskToken));
    expect(b).toEqual(a);
    expect(await tasks().get(a.taskId)).toMatchObject({ status: 'open', taskToken: t.taskToken, bureau: 'XJ', version: 1 });
  });

  it("lists a bureau's open tasks, earliest due first, and drops closed ones from the queue", async () => {
    const bureau = 'NM';
    const late = await tasks().record(task({ bureau, dueAt: '2024-03-02T10:00:00+08:00' }));
    const early = await tasks().record(task({ bureau, dueAt: '2024-03-02T09:00:00+08:00' }));
    const done = await tasks().record(task({ bureau, dueAt: '2024-03-01T09:00:00+08:00' }));
    await tasks().record(task({ bureau: 'XJ' }));
    await tasks().close(done.taskId, { status: 'completed', by: 'officer-7', result: { passed: true } });
    expect((await tasks().listOpenByBureau(bureau)).items.map((t) => t.taskId)).toEqual([early.taskId, late.taskId]);
    expect(await tasks().get(done.taskId)).toMatchObject({ status: 'completed', closedBy: 'officer-7', result: { passed: true }, version: 2 });
  });

  it('lets only one of two officers close the same task; the other gets ConflictError', async () => {
    const t = await tasks().record(task());
    const results = await Promise.allSettled([
      tasks().close(t.taskId, { status: 'completed', by: 'officer-1' }),
      tasks().close(t.taskId, { status: 'failed', by: 'officer-2' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConflictError);
    await expect(tasks().close('unknown', { status: 'completed', by: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists the tasks of a consignment in recording order, open and closed', async () => {
    const first = await tasks().record(task({ consignmentId: 'C-77' }));
    const second = await tasks().record(task({ consignmentId: 'C-77', bureau: 'SC', kind: 'destination-decision' }));
    await tasks().close(first.taskId, { status: 'expired', by: 'system' });
    const listed = (await tasks().listByConsignment('C-77')).items;
    expect(listed.map((t) => [t.taskId, t.status])).toEqual([
      [first.taskId, 'expired'],
      [second.taskId, 'open'],
    ]);
  });
});

describe('notifications', () => {
  const title = { zh: '待口岸查验', en: 'Port checks awaited' };

  it("keeps a bureau's inbox newest first, pages it, and separates bureaus", async () => {
    const added = [];
    for (let i = 0; i < 7; i++) added.push(await notifications().add({ bureau: 'GD', kind: 'task-assigned', title, consignmentId: `C-${i}` }));
    await notifications().add({ bureau: 'CQ', kind: 'task-assigned', title });
    const first = await notifications().list('GD', { limit: 4 });
    const second = await notifications().list('GD', { limit: 4, nextToken: first.nextToken });
    expect([...first.items, ...second.items].map((n) => n.id)).toEqual(added.map((n) => n.id).reverse());
    expect(second.nextToken).toBeUndefined();
  });

  it('marks a notification read once and can list only unread ones', async () => {
    const a = await notifications().add({ bureau: 'TJ', kind: 'nonconformity', title });
    const b = await notifications().add({ bureau: 'TJ', kind: 'nonconformity', title });
    const read = await notifications().markRead('TJ', a.id);
    expect(read.readAt).toBeDefined();
    expect((await notifications().markRead('TJ', a.id)).readAt).toBe(read.readAt);
    expect((await notifications().list('TJ', { unreadOnly: true })).items.map((n) => n.id)).toEqual([b.id]);
    await expect(notifications().markRead('TJ', '01HZZZZZZZZZZZZZZZZZZZZZZZ')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('stores a publish retried with the same id once', async () => {
    const id = '01J0000000000000000000000A';
    const first = await notifications().add({ bureau: 'LN', kind: 'task-overdue', title, id });
    const again = await notifications().add({ bureau: 'LN', kind: 'task-overdue', title, id });
    expect(again).toEqual(first);
    expect((await notifications().list('LN')).items).toHaveLength(1);
  });
});
