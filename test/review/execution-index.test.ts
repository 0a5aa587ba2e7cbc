import { beforeAll, describe, expect, it } from 'vitest';
import { workflowOf } from '#shared/orchestration/execution-arn.ts';
import { ExecutionIndexRepository, type ExecutionRef } from '#shared/data/execution-index-repository.ts';
import { useLocalTable } from '../data/local-table.ts';

const table = useLocalTable();
const executions = () => new ExecutionIndexRepository(table.config());

const ARN = 'arn:aws:states:us-east-1:000000000000';
const ref = (name: string, startedAt: string, workflow: string, bureaus: ExecutionRef['bureaus'], extra: Partial<ExecutionRef> = {}): ExecutionRef => ({
  executionArn: `${ARN}:execution:${workflow}:${name}`,
  name,
  stateMachine: `${ARN}:stateMachine:CrExpressInspection-${workflow}`,
  bureaus,
  startedAt,
  ...extra,
});
const names = async (query: Parameters<ExecutionIndexRepository['list']>[0]) => (await executions().list(query)).items.map((e) => e.name);

describe('the execution index for review', () => {
  beforeAll(async () => {
    await executions().record(ref('i1', '2024-03-01T08:00:00Z', 'ConsignmentImport', ['XJ', 'CQ'], { consignmentId: 'i1', trainId: 'X9001-20240220' }));
    await executions().record(ref('e1', '2024-03-01T09:00:00Z', 'ConsignmentExport', ['XJ', 'ZJ'], { consignmentId: 'e1' }));
    await executions().record(ref('X9001-20240220-run', '2024-03-01T10:00:00Z', 'TrainRun', ['XJ', 'CQ'], { trainId: 'X9001-20240220' }));
    await executions().record(ref('i2', '2024-03-02T08:00:00Z', 'ConsignmentImport', ['NM', 'HA'], { consignmentId: 'i2' }));
  });

  it('names the workflow after the manifest key, locally and on AWS', () => {
    expect(workflowOf(`${ARN}:stateMachine:ConsignmentImport`)).toBe('ConsignmentImport');
    expect(workflowOf(`${ARN}:stateMachine:CrExpressInspection-TrainRun`)).toBe('TrainRun');
    expect(workflowOf('ConsignmentFlow')).toBe('ConsignmentFlow');
  });

  it('lists by workflow, bureau, train and consignment, within a start-time window, newest first', async () => {
    expect(await names({})).toEqual(['i2', 'X9001-20240220-run', 'e1', 'i1']);
    expect(await names({ workflow: 'ConsignmentImport' })).toEqual(['i2', 'i1']);
    expect(await names({ bureau: 'XJ' })).toEqual(['X9001-20240220-run', 'e1', 'i1']);
    expect(await names({ bureau: 'XJ', workflow: 'ConsignmentExport' })).toEqual(['e1']);
    expect(await names({ trainId: 'X9001-20240220' })).toEqual(['X9001-20240220-run', 'i1']);
    expect(await names({ trainId: 'X9001-20240220', bureau: 'ZJ' })).toEqual([]);
    expect(await names({ consignmentId: 'i1', bureau: 'CQ' })).toEqual(['i1']);
    expect(await names({ from: '2024-03-01T09:00:00Z', to: '2024-03-01T10:00:00Z' })).toEqual(['X9001-20240220-run', 'e1']);
    expect(await names({ from: '2024-03-01T09:30:00+08:00' })).toEqual(['i2', 'X9001-20240220-run', 'e1', 'i1']);
    expect(await names({ to: '2024-03-01T08:00:00Z', bureau: 'CQ' })).toEqual(['i1']);
  });

  it('lists a consignment put on a train later under the train', async () => {
    await executions().record(ref('e9', '2024-03-03T09:00:00Z', 'ConsignmentExport', ['XJ', 'ZJ'], { consignmentId: 'e9' }));
    await executions().linkTrain('e9', 'X8001-20240301');
    expect(await names({ trainId: 'X8001-20240301' })).toEqual(['e9']);
    expect((await executions().find('e9'))?.trainId).toBe('X8001-20240301');
    expect((await executions().list({ bureau: 'ZJ' })).items.find((e) => e.name === 'e9')?.trainId).toBe('X8001-20240301');
  });

  it('lists a run recorded again with more bureaus under them all, every entry naming them all', async () => {
    const run = (bureaus: ExecutionRef['bureaus']) => ref('T1-run', '2024-03-04T10:00:00Z', 'TrainRun', bureaus, { trainId: 'T1' });
    await executions().record(run(['XJ', 'CQ']));
    await executions().record(run(['XJ', 'CQ', 'SC']));

    expect((await executions().find('T1-run'))?.bureaus).toEqual(['XJ', 'CQ', 'SC']);
    expect(await names({ bureau: 'SC' })).toEqual(['T1-run']);
    expect(await names({ trainId: 'T1', bureau: 'SC' })).toEqual(['T1-run']);
    for (const query of [{ trainId: 'T1' }, { bureau: 'XJ' as const }, { bureau: 'CQ' as const }, { bureau: 'SC' as const }]) {
      const entry = (await executions().list(query)).items.find((e) => e.name === 'T1-run');
      expect(entry?.bureaus, JSON.stringify(query)).toEqual(['XJ', 'CQ', 'SC']);
    }
  });

  it('ends with every bureau on every entry when runs are recorded with different bureaus at once', async () => {
    const run = (bureaus: ExecutionRef['bureaus']) => ref('T2-run', '2024-03-05T10:00:00Z', 'TrainRun', bureaus, { trainId: 'T2' });
    await Promise.all([run(['XJ']), run(['XJ', 'CQ']), run(['XJ', 'SC']), run(['XJ', 'NM'])].map((r) => executions().record(r)));

    const bureaus = (await executions().find('T2-run'))?.bureaus;
    expect([...(bureaus ?? [])].sort()).toEqual(['CQ', 'NM', 'SC', 'XJ']);
    for (const query of [{ trainId: 'T2' }, ...(['XJ', 'CQ', 'SC', 'NM'] as const).map((bureau) => ({ bureau }))]) {
      const entry = (await executions().list(query)).items.find((e) => e.name === 'T2-run');
      expect(entry?.bureaus, JSON.stringify(query)).toEqual(bureaus);
    }
  });

  it('keeps the first final status it is told, on the record and every entry', async () => {
    const i1 = (await executions().find('i1'))!;
    await executions().recordFinal(i1, { status: 'SUCCEEDED', stoppedAt: '2024-03-05T00:00:00Z' });
    await executions().recordFinal(i1, { status: 'FAILED', stoppedAt: '2024-03-06T00:00:00Z' });
    expect(await executions().find('i1')).toMatchObject({ status: 'SUCCEEDED', stoppedAt: '2024-03-05T00:00:00Z' });
    for (const query of [{ bureau: 'CQ' as const }, { trainId: 'X9001-20240220' }, { workflow: 'ConsignmentImport' }]) {
      const entry = (await executions().list(query)).items.find((e) => e.name === 'i1');
      expect(entry, JSON.stringify(query)).toMatchObject({ status: 'SUCCEEDED' });
    }
  });
});
