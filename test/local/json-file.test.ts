import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dataFile, openJsonStore } from '#local/json-file.ts';
import { openSchedulerStore } from '#local/scheduler/store.ts';
import { openSnsStore } from '#local/sns/store.ts';

const trainsSchema = z.object({ trains: z.array(z.object({ id: z.string(), wagons: z.number().int() })) });
const empty = { trains: [] };

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'json-store-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('openJsonStore', () => {
  it('starts empty without a file, and a saved state is what the next open loads', () => {
    const file = join(dataDir, 'trains', 'state.json');
    const first = openJsonStore(file, trainsSchema, empty);
    expect(first.loaded).toEqual(empty);
    first.save({ trains: [{ id: 'X8001', wagons: 41 }] });
    expect(openJsonStore(file, trainsSchema, empty).loaded).toEqual({ trains: [{ id: 'X8001', wagons: 41 }] });
  });

  it('keeps state in memory when there is no file (DATA_DIR=:memory:)', () => {
    const file = dataFile(':memory:', 'trains', 'state.json');
    expect(file).toBeUndefined();
    const store = openJsonStore(file, trainsSchema, empty);
    store.save({ trains: [{ id: 'X8001', wagons: 41 }] });
    expect(store.loaded).toEqual(empty);
    expect(dataFile(dataDir, 'trains', 'state.json')).toBe(join(dataDir, 'trains', 'state.json'));
    expect(existsSync(join(dataDir, 'trains'))).toBe(false);
  });

  it('refuses a file that does not fit the schema, naming the file and the field', () => {
    const file = join(dataDir, 'state.json');
    writeFileSync(file, JSON.stringify({ trains: [{ id: 'X8001', wagons: 'many' }] }));
    expect(() => openJsonStore(file, trainsSchema, empty)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not hold valid state:[\\s\\S]*trains\\[0\\]\\.wagons`));
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const file = join(dataDir, 'state.json');
    writeFileSync(file, '{"trains": [');
    expect(() => openJsonStore(file, trainsSchema, empty)).toThrow(`${file} is not valid JSON`);
  });
});

describe('the emulators’ stores on openJsonStore', () => {
  it('SNS and Scheduler state round-trips through DATA_DIR and a damaged file stops the start', () => {
    const sns = openSnsStore(dataDir);
    sns.topics.set('arn:aws:sns:us-east-1:000000000000:Alerts', { arn: 'arn:aws:sns:us-east-1:000000000000:Alerts', name: 'Alerts', attributes: {}, tags: {} });
    sns.save();
    expect([...openSnsStore(dataDir).topics.keys()]).toEqual(['arn:aws:sns:us-east-1:000000000000:Alerts']);

    const scheduler = openSchedulerStore(dataDir);
    scheduler.groups.set('trains', { name: 'trains', arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule-group/trains', creationDate: 1, lastModificationDate: 1 });
    scheduler.save();
    expect(JSON.parse(readFileSync(join(dataDir, 'scheduler', 'state.json'), 'utf8'))).toMatchObject({ groups: [{ name: 'trains' }], schedules: [] });

    mkdirSync(join(dataDir, 'scheduler'), { recursive: true });
    writeFileSync(join(dataDir, 'scheduler', 'state.json'), JSON.stringify({ groups: 'none', schedules: [] }));
    expect(() => openSchedulerStore(dataDir)).toThrow(/scheduler[/\\]state\.json does not hold valid state/);
  });
});
