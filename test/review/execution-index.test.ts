import { describe, expect, it } from 'vitest';
import { ExecutionIndexRepository, workflowOf, type ExecutionRef } from '#shared/data/execution-index-repository.ts';
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
  it('names the workflow after the manifest key, locally and on AWS', () => {
    expect(workflowOf(`${ARN}:stateMachine:ConsignmentImport`)).toBe('ConsignmentImport');
    expect(workflowOf(`${ARN}:stateMachine:CrExpressInspection-TrainRun`)).toBe('TrainRun');
    expect(workflowOf('ConsignmentFlow')).toBe('ConsignmentFlow');
  });

  it('lists by workflow, bureau, train and consignment, within a start-time window, newest first', async () => {
    await executions().record(ref('i1', '2024-03-01T08:00:00Z', 'ConsignmentImport', ['XJ', 'CQ'], { consignmentId: 'i1', trainId: 'X9001-20240220' }));
    await executions().record(ref('e1', '2024-03-01T09:00:00Z', 'ConsignmentExport', ['XJ', 'ZJ'], { consignmentId: 'e1' }));
    await executions().record(ref('X9001-20240220-run', '2024-03-01T10:00:00Z', 'TrainRun', ['XJ', 'CQ'], { trainId: 'X9001-20240220' }));
    await executions().record(ref('i2', '2024-03-02T08:00:00Z', 'ConsignmentImport', ['NM', 'HA'], { consignmentId: 'i2' }));

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

  it('lists a consignment put on a train later under the train, and a run recorded again with more bureaus under them all', async () => {
    await executions().linkTrain('e1', 'X8001-20240301');
    expect(await names({ trainId: 'X8001-20240301' })).toEqual(['e1']);
    expect((await executions().find('e1'))?.trainId).toBe('X8001-20240301');

    await executions().record(ref('X9001-20240220-run', '2024-03-01T10:00:00Z', 'TrainRun', ['XJ', 'CQ', 'SC'], { trainId: 'X9001-20240220' }));
    expect((await executions().find('X9001-20240220-run'))?.bureaus).toEqual(['XJ', 'CQ', 'SC']);
    expect(await names({ bureau: 'SC' })).toEqual(['X9001-20240220-run']);
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
