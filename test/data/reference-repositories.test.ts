import { describe, expect, it } from 'vitest';
import { BureauRepository } from '#shared/data/bureau-repository.ts';
import { AlreadyExistsError, ConflictError } from '#shared/data/errors.ts';
import { ExecutionIndexRepository } from '#shared/data/execution-index-repository.ts';
import { TrainRepository } from '#shared/data/train-repository.ts';
import { BUREAUS } from '#shared/domain/reference/bureaus.ts';
import type { Train } from '#shared/domain/train.ts';
import { beijingDay } from '#shared/domain/trains/train-registration.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const bureaus = () => new BureauRepository(table.config());
const trains = () => new TrainRepository(table.config());
const executions = () => new ExecutionIndexRepository(table.config());

describe('bureaus', () => {
  it('seeds the reference bureaus once and lists them by code', async () => {
    const first = await bureaus().seed(BUREAUS);
    expect(first.created).toHaveLength(BUREAUS.length);
    expect((await bureaus().seed(BUREAUS)).created).toEqual([]);
    const listed = (await bureaus().list()).items.map((b) => b.code);
    expect(listed).toEqual(BUREAUS.map((b) => b.code).sort());
    await expect(bureaus().create(BUREAUS[0] as (typeof BUREAUS)[number])).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('updates a bureau under its version and refuses a stale update', async () => {
    const nm = await bureaus().get('NM');
    const seat = { zh: '呼和浩特市', en: 'Hohhot City' };
    expect(await bureaus().update('NM', nm.version, { seat })).toMatchObject({ seat, version: nm.version + 1 });
    await expect(bureaus().update('NM', nm.version, { seat })).rejects.toBeInstanceOf(ConflictError);
  });
});

function train(id: string, overrides: Partial<Train> = {}): Train {
  return {
    id,
    trainNumber: 'X8001',
    direction: 'inbound',
    portCode: 'ALASHANKOU',
    portBureau: 'XJ',
    inlandBureau: 'SC',
    originCity: 'Łódź',
    destinationCity: 'Chengdu',
    plannedDeparture: '2024-02-20T10:00:00+01:00',
    plannedBorderCrossing: '2024-03-01T10:00:00+08:00',
    plannedArrival: '2024-03-04T10:00:00+08:00',
    preArrivalNoticeHours: 6,
    status: 'scheduled',
    actual: {},
    registeredBy: { bureau: 'XJ', subject: 'officer-1' },
    createdAt: '2024-02-01T00:00:00Z',
    updatedAt: '2024-02-01T00:00:00Z',
    version: 1,
    ...overrides,
  };
}

describe('trains', () => {
  it('finds trains by port within a time range and by Beijing-time day', async () => {
    await trains().create(train('T1', { plannedBorderCrossing: '2024-03-01T07:30:00+08:00' }));
    await trains().create(train('T2', { plannedBorderCrossing: '2024-03-01T23:30:00+08:00' }));
    await trains().create(train('T3', { plannedBorderCrossing: '2024-03-02T00:30:00+08:00' }));
    await trains().create(train('T4', { portCode: 'KHORGOS', plannedBorderCrossing: '2024-03-01T12:00:00+08:00', inlandBureau: 'SN' }));

    // 23:30 Beijing is 15:30 UTC the same day; 00:30 on the 2nd is still the 1st in UTC.
    expect(beijingDay('2024-03-02T00:30:00+08:00')).toBe('2024-03-02');
    expect((await trains().listByDay('2024-03-01')).items.map((t) => t.id)).toEqual(['T1', 'T4', 'T2']);
    expect((await trains().listByDay('2024-03-01', { port: 'ALASHANKOU' })).items.map((t) => t.id)).toEqual(['T1', 'T2']);
    const range = { from: '2024-03-01T00:00:00+08:00', to: '2024-03-01T23:59:59+08:00' };
    expect((await trains().listByPort('ALASHANKOU', range)).items.map((t) => t.id)).toEqual(['T1', 'T2']);
    expect((await trains().listByPort('ALASHANKOU', { from: '2024-03-01T23:30:00+08:00' })).items.map((t) => t.id)).toEqual(['T2', 'T3']);
  });

  it('changes a train under version and status guards, moving it in the indexes when rescheduled', async () => {
    await trains().create(train('T10', { portCode: 'ERENHOT', plannedBorderCrossing: '2024-04-01T10:00:00+08:00' }));
    const moved = await trains().change('T10', { expectedVersion: 1, set: { plannedBorderCrossing: '2024-04-03T10:00:00+08:00' } });
    expect(moved.version).toBe(2);
    expect((await trains().listByDay('2024-04-01')).items).toEqual([]);
    expect((await trains().listByDay('2024-04-03')).items.map((t) => t.id)).toEqual(['T10']);
    await trains().change('T10', { expectedVersion: 2, from: 'scheduled', status: 'at-border' });
    await expect(trains().change('T10', { expectedVersion: 3, from: 'scheduled', status: 'cancelled' })).rejects.toBeInstanceOf(ConflictError);
    await expect(trains().change('T10', { expectedVersion: 2, status: 'departed-border' })).rejects.toBeInstanceOf(ConflictError);
    expect((await trains().get('T10')).status).toBe('at-border');
  });
});

describe('execution index', () => {
  it('finds executions by bureau, by consignment and overall, newest first, once each', async () => {
    const ref = (name: string, startedAt: string, bureaus: ('XJ' | 'SC' | 'NM')[]) => ({
      executionArn: `arn:aws:states:us-east-1:000000000000:execution:ConsignmentFlow:${name}`,
      name,
      stateMachine: 'ConsignmentFlow',
      consignmentId: `C-${name}`,
      bureaus,
      startedAt,
    });
    await executions().record(ref('e1', '2024-03-01T08:00:00Z', ['XJ', 'SC']));
    await executions().record(ref('e2', '2024-03-01T09:00:00Z', ['NM']));
    await executions().record(ref('e3', '2024-03-01T10:00:00Z', ['XJ']));
    await executions().record(ref('e3', '2024-03-01T10:00:00Z', ['XJ']));
    expect((await executions().list({ bureau: 'XJ' })).items.map((e) => e.name)).toEqual(['e3', 'e1']);
    expect((await executions().list({ bureau: 'SC' })).items.map((e) => e.name)).toEqual(['e1']);
    expect((await executions().list({ consignmentId: 'C-e2' })).items.map((e) => e.name)).toEqual(['e2']);
    expect((await executions().list()).items.map((e) => e.name)).toEqual(['e3', 'e2', 'e1']);
  });
});
