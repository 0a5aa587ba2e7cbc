import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Repositories } from '#shared/data/repositories.ts';
import { recognisedBodyRegistrationSchema, registerRecognisedBody } from '#shared/domain/recognition/recognised-body.ts';
import { inspectionContextFor } from '#shared/lifecycle/consignments/inspection-context.ts';
import { usePorts } from '#shared/lifecycle/ports.ts';
import { importFiling } from '../domain/fixtures.ts';

/** Filing reads the register cheaply: only the bodies its certificates cite, in one batch, never a scan. */
const reads: string[][] = [];
const { body: SGS } = registerRecognisedBody(
  recognisedBodyRegistrationSchema.parse({
    id: 'SGS-CH',
    name: 'SGS SA',
    country: 'CH',
    accreditation: { body: 'SAS', number: 'SCESp 0030' },
    scope: { hsPrefixes: ['84'] },
    recognisedFrom: '2016-01-01T00:00:00Z',
  }),
  { at: '2016-01-01T00:00:00Z', by: { bureau: 'HQ', subject: 'hq' } },
);
const register = {
  findMany: async (ids: readonly string[]) => {
    reads.push([...ids]);
    return ids.includes(SGS.id) ? [SGS] : [];
  },
  list: () => {
    throw new Error('filing must not list the register');
  },
};
// No alert is in force: the context reads the alert platform's active index once per filing.
const alerts = { listActive: async () => ({ items: [] }) };
// No history either: the risk grades read HQ's thresholds (the defaults) and find no statistics.
const riskSettings = { find: async () => undefined };
const statistics = { read: async () => new Map() };
// An import reads HQ's designated sites and market-access register (one Query each): both empty here.
const emptyRegister = { partition: async () => [] };
const restore = usePorts({
  repositories: { recognisedBodies: register, alerts, riskSettings, statistics, designatedSites: emptyRegister, marketAccess: emptyRegister } as unknown as Repositories,
});
afterEach(() => {
  reads.length = 0;
});
afterAll(restore);

const certificate = (bodyId: string, certificateNumber: string) => ({
  bodyId,
  certificateNumber,
  issuedAt: '2016-06-01T00:00:00Z',
  validUntil: '2017-06-01T00:00:00Z',
  scope: ['8471'],
});

describe('the inspection context of a filing', () => {
  it('does not read the register for a filing without certificates', async () => {
    expect((await inspectionContextFor(importFiling(), '2016-09-01T00:00:00Z')).recognisedBodies).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('reads only the cited ids, once, and skips ids no entry could have', async () => {
    const filing = importFiling({
      thirdPartyCertificates: [certificate('SGS-CH', 'A'), certificate('SGS-CH', 'B'), certificate('BV-FR', 'C'), certificate('tüv süd', 'D')],
    });
    const context = await inspectionContextFor(filing, '2016-09-01T00:00:00Z');
    expect(reads).toEqual([['SGS-CH', 'SGS-CH', 'BV-FR']]);
    expect(context.recognisedBodies).toEqual([
      { id: 'SGS-CH', name: 'SGS SA', country: 'CH', scope: ['84'], recognisedFrom: '2016-01-01T00:00:00Z' },
    ]);
  });
});
