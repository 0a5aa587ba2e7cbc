import { describe, expect, it } from 'vitest';
import { ConsignmentRepository } from '#shared/data/consignment-repository.ts';
import type { EventActor } from '#shared/data/consignment-records.ts';
import { ConflictError, NotFoundError } from '#shared/data/errors.ts';
import { TaskRepository, type NewTask } from '#shared/data/task-repository.ts';
import { DECLARANT, newConsignment } from './fixtures.ts';
import { useLocalTable } from './local-table.ts';

/**
 * An officer's answer closes its task and records the answer on the consignment in one
 * TransactWriteItems call (`changeWith` + `closing`), here through the local cloud's DynamoDB
 * front (dynalite with our transactions): both items change, or neither does.
 */
const table = useLocalTable();
const consignments = () => new ConsignmentRepository(table.config());
const tasks = () => new TaskRepository(table.config());
const declarant: EventActor = { role: 'declarant', enterprise: DECLARANT };
const officer: EventActor = { role: 'officer', bureau: 'XJ', subject: 'officer-1' };

let serial = 0;
async function consignmentWithOpenTask() {
  const consignment = newConsignment();
  await consignments().file(consignment, declarant);
  serial += 1;
  const task: NewTask = {
    taskId: `${consignment.id}.port-checks.${serial}`,
    taskToken: `token-${serial}`,
    bureau: 'XJ',
    kind: 'port-checks',
    consignmentId: consignment.id,
    dueAt: '2026-12-07T12:00:00.000Z',
  };
  return { consignment, task: await tasks().record(task) };
}

const completion = (taskId: string) => ({ event: { type: 'port-checks-completed', actor: officer, data: { taskId }, idempotencyKey: `${taskId}:completed` } });
const answer = { status: 'completed' as const, by: 'officer-1', result: { outcome: 'pass' }, answerKey: 'key-1' };

describe('a task closing together with its consignment (TransactWriteItems)', () => {
  it('closes the task and writes the consignment change and its event in one commit', async () => {
    const { consignment, task } = await consignmentWithOpenTask();
    const changed = await consignments().changeWith(consignment.id, { ...completion(task.taskId), expectedVersion: 1 }, tasks().closing(task.taskId, answer));
    expect(changed.version).toBe(2);
    expect(await consignments().get(consignment.id)).toMatchObject({ version: 2 });
    expect((await consignments().events(consignment.id)).items.map((e) => e.type)).toEqual(['filed', 'port-checks-completed']);
    expect(await tasks().get(task.taskId)).toMatchObject({ status: 'completed', closedBy: 'officer-1', answerKey: 'key-1', result: { outcome: 'pass' }, version: 2 });
    expect((await tasks().listUndelivered('9999')).items.map((t) => t.taskId)).toContain(task.taskId);
  });

  it("leaves the consignment unchanged when the task's guard fails (already closed), with the task's ConflictError", async () => {
    const { consignment, task } = await consignmentWithOpenTask();
    await tasks().close(task.taskId, { status: 'completed', by: 'officer-2', result: { outcome: 'fail' } });
    const failure = await consignments()
      .changeWith(consignment.id, { ...completion(task.taskId), expectedVersion: 1, set: { disposal: { kind: 'return', decidedIn: 'port-checks', bureau: 'XJ', at: '2026-12-07T10:00:00.000Z' } } }, tasks().closing(task.taskId, answer))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConflictError);
    expect((failure as ConflictError).details).toMatchObject({ entity: 'task', id: task.taskId, actualState: 'completed' });
    // The first item of the transaction (the consignment) was NOT changed.
    const after = await consignments().get(consignment.id);
    expect(after.version).toBe(1);
    expect(after).not.toHaveProperty('disposal');
    expect((await consignments().events(consignment.id)).items.map((e) => e.type)).toEqual(['filed']);
    expect(await tasks().get(task.taskId)).toMatchObject({ closedBy: 'officer-2', result: { outcome: 'fail' } });
  });

  it("leaves the task open when the consignment's version guard fails, with the consignment's ConflictError", async () => {
    const { consignment, task } = await consignmentWithOpenTask();
    const closing = tasks().closing(task.taskId, answer);
    // A step changes the consignment after the answer read it (between the read and the commit).
    const stale = await consignments().get(consignment.id);
    await consignments().appendEvent(consignment.id, 1, { type: 'remark', actor: officer });
    const failure = await consignments()
      .changeWith(consignment.id, { ...completion(task.taskId), expectedVersion: stale.version }, closing)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConflictError);
    expect((failure as ConflictError).details).toMatchObject({ entity: 'consignment', expectedVersion: 1, actualVersion: 2 });
    expect(await tasks().get(task.taskId)).toMatchObject({ status: 'open', version: 1 });
    expect((await tasks().listOpenByBureau('XJ')).items.map((t) => t.taskId)).toContain(task.taskId);
  });

  it('maps a task that does not exist to NotFoundError and changes nothing', async () => {
    const { consignment } = await consignmentWithOpenTask();
    await expect(consignments().changeWith(consignment.id, { ...completion('nope'), expectedVersion: 1 }, tasks().closing('nope', answer))).rejects.toBeInstanceOf(NotFoundError);
    expect((await consignments().get(consignment.id)).version).toBe(1);
  });
});
