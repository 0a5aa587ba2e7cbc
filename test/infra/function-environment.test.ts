import { describe, expect, it } from 'vitest';
import { functionEnvironment, scheduleRoleEnvVar, type ResourceValues } from '#infra/function-environment.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { manifest } from '#infra/manifest.ts';
import { ENV } from '#shared/config/environment.ts';
import { fixtureManifest } from './fixtures/manifest.ts';

const values: ResourceValues = {
  tableName: (t) => `table:${t}`,
  topicArn: (t) => `topic:${t}`,
  stateMachineArn: (sm) => `sm:${sm}`,
  scheduleGroupName: (g) => `group:${g}`,
  scheduleRoleArn: (g) => `role:${g}`,
  tokenIssuer: () => ({ issuer: 'https://issuer', audience: 'client' }),
  keyArn: (k) => `key:${k}`,
};

describe('a function environment', () => {
  it('names exactly the resources the function is granted', () => {
    expect(functionEnvironment(fixtureManifest, 'fileConsignment', values)).toEqual({
      DOMAIN_TABLE: 'table:Domain',
      IDEMPOTENCY_TABLE: 'table:Idempotency',
      LIFECYCLE_STATE_MACHINE_ARN: 'sm:Lifecycle',
    });
    expect(functionEnvironment(fixtureManifest, 'decidePortCheck', values)).toEqual({ DOMAIN_TABLE: 'table:Domain' });
    expect(functionEnvironment(fixtureManifest, 'health', values)).toEqual({});
  });

  it('gives a schedule manager its group, the role schedules run as and the targets, plus its own settings', () => {
    expect(functionEnvironment(fixtureManifest, 'planTrainRun', values)).toEqual({
      TRAIN_RUN_SCHEDULE_GROUP: 'group:TrainRuns',
      TRAIN_RUN_SCHEDULE_GROUP_ROLE_ARN: 'role:TrainRuns',
      TRAIN_RUN_STATE_MACHINE_ARN: 'sm:TrainRun',
      TRAIN_RUN_LEAD_MINUTES: '30',
    });
  });

  it('gives a token-verifying function the issuer and audience', () => {
    expect(functionEnvironment(fixtureManifest, 'consignmentStatus', values)).toMatchObject({
      JWT_ISSUER: 'https://issuer',
      JWT_AUDIENCE: 'client',
    });
  });

  it('gives a signing function the ARN of the key it may sign with, in the key’s variable', () => {
    expect(functionEnvironment(fixtureManifest, 'issueCertificate', values)).toEqual({ DOMAIN_TABLE: 'table:Domain', CERTIFICATE_SIGNING_KEY_ID: 'key:Certificates' });
  });

  it('refuses one name with two values', () => {
    const clash: Manifest = {
      ...fixtureManifest,
      functions: { ...fixtureManifest.functions, x: { entry: 'x.ts', description: 'x', grants: [{ table: 'Domain', access: 'read' }], environment: { DOMAIN_TABLE: 'other' } } },
    };
    expect(() => functionEnvironment(clash, 'x', values)).toThrow(/DOMAIN_TABLE from two sources/);
  });
});

describe('the names of the application manifest', () => {
  it('are the ones in shared/config/environment.ts, each given to some function', () => {
    const given = new Set(Object.keys(manifest.functions).flatMap((name) => Object.keys(functionEnvironment(manifest, name, values))));
    const known = new Set<string>(Object.values(ENV));
    for (const name of given) expect(known, name).toContain(name);
    // JWT_ISSUER and JWT_AUDIENCE go only to functions granted signingKeys; none is today.
    expect([...known].filter((name) => !given.has(name)).sort()).toEqual([ENV.tokenAudience, ENV.tokenIssuer].sort());
  });

  it('name the schedule role `<group variable>_ROLE_ARN`, as the default would', () => {
    const group = manifest.scheduleGroups.TrainTimetable!;
    expect(scheduleRoleEnvVar(group)).toBe(ENV.trainTimetableScheduleRoleArn);
    expect(scheduleRoleEnvVar({ ...group, roleArnEnvVar: undefined })).toBe(ENV.trainTimetableScheduleRoleArn);
  });
});
