import { describe, expect, it } from 'vitest';
import { consignmentFilingSchema, createConsignment, type ConsignmentFiling } from '#shared/domain/consignment.ts';
import { handOverProblems } from '#shared/domain/multimodal/hand-over-result.ts';
import { journeyPlan, type Journey } from '#shared/domain/multimodal/journey.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { exportFiling, importFiling, inspectionContext } from './fixtures.ts';

/** Rotterdam → sea → Lianyungang → rail → Chongqing (408号 三（九）: 水铁联运). */
const SEA_RAIL: Journey = {
  legs: [
    { mode: 'sea', from: { city: 'Rotterdam', country: 'NL' }, to: { point: 'LIANYUNGANG-PORT' } },
    { mode: 'rail', from: { point: 'LIANYUNGANG-PORT' }, to: { point: 'CHONGQING-RAIL' } },
  ],
};
/** Duisburg → rail → Alashankou → rail → Zhengzhou airport → air → Chongqing airport (铁空联运). */
const RAIL_AIR: Journey = {
  legs: [
    { mode: 'rail', from: { city: 'Duisburg', country: 'DE' }, to: { point: 'ALASHANKOU' } },
    { mode: 'rail', from: { point: 'ALASHANKOU' }, to: { point: 'ZHENGZHOU-AIRPORT' } },
    { mode: 'air', from: { point: 'ZHENGZHOU-AIRPORT' }, to: { point: 'CHONGQING-AIRPORT' } },
  ],
};
/** Yiwu → rail → Ningbo-Zhoushan → sea → Hamburg, an export. */
const EXPORT_RAIL_SEA: Journey = {
  legs: [
    { mode: 'rail', from: { point: 'YIWU-RAIL' }, to: { point: 'NINGBO-PORT' } },
    { mode: 'sea', from: { point: 'NINGBO-PORT' }, to: { city: 'Hamburg', country: 'DE' } },
  ],
};

const seaRail = (overrides: Partial<ConsignmentFiling> = {}) => importFiling({ transportMode: 'sea-rail', journey: SEA_RAIL, ...overrides });
const issuesOf = (filing: unknown) => consignmentFilingSchema.safeParse(filing).error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];

describe('a multimodal journey at filing (408号 三（九）)', () => {
  it('accepts a sea–rail import ending at the destination bureau, a rail–air import and a rail–sea export', () => {
    expect(issuesOf(seaRail())).toEqual([]);
    expect(issuesOf(importFiling({ transportMode: 'rail-air', journey: RAIL_AIR }))).toEqual([]);
    expect(issuesOf(exportFiling({ transportMode: 'sea-rail', journey: EXPORT_RAIL_SEA }))).toEqual([]);
  });

  it('names the leg and field that break the chain', () => {
    expect(issuesOf(importFiling({ journey: SEA_RAIL })).map((i) => i.path)).toEqual(['journey']);
    expect(issuesOf(seaRail({ destinationBureau: 'SC' })).map((i) => i.path)).toEqual(['journey.legs.1.to.point']);
    const gap = { legs: [SEA_RAIL.legs[0]!, { mode: 'rail' as const, from: { point: 'TIANJIN-PORT' as const }, to: { point: 'CHONGQING-RAIL' as const } }] };
    expect(issuesOf(seaRail({ journey: gap })).map((i) => i.path)).toContain('journey.legs.1.from');
    const airAtSeaport = { legs: [{ ...SEA_RAIL.legs[0]!, mode: 'air' as const }, SEA_RAIL.legs[1]!] };
    expect(issuesOf(importFiling({ transportMode: 'rail-air', journey: airAtSeaport })).map((i) => i.path)).toContain('journey.legs.0.to.point');
    const viaKhorgos = { legs: [{ ...RAIL_AIR.legs[0]!, to: { point: 'KHORGOS' as const } }, { ...RAIL_AIR.legs[1]!, from: { point: 'KHORGOS' as const } }, RAIL_AIR.legs[2]!] };
    expect(issuesOf(importFiling({ transportMode: 'rail-air', journey: viaKhorgos })).map((i) => i.path)).toContain('journey.legs.0.to.point');
    const unknownPoint = { ...seaRail(), journey: { legs: [{ mode: 'sea', from: { city: 'Rotterdam', country: 'NL' }, to: { point: 'NOWHERE' } }, SEA_RAIL.legs[1]] } };
    expect(issuesOf(unknownPoint).map((i) => i.path)).toContain('journey.legs.0.to.point');
  });

  it('makes the seaport where the goods enter the port bureau, responsible with the destination and the hand-over bureau', () => {
    const consignment = createConsignment(consignmentFilingSchema.parse(seaRail()), { id: 'C-SEA', at: '2016-09-01T00:00:00Z' });
    expect(consignment.portBureau).toBe('JS');
    expect(consignment.responsibleBureaus).toEqual(['JS', 'CQ']);
    const railAir = createConsignment(consignmentFilingSchema.parse(importFiling({ transportMode: 'rail-air', journey: RAIL_AIR })), { id: 'C-AIR', at: '2016-09-01T00:00:00Z' });
    expect(railAir.portBureau).toBe('XJ');
    expect(railAir.responsibleBureaus).toEqual(['XJ', 'CQ', 'HA']);
  });
});

describe('one supervision across the legs', () => {
  it('names each bureau and its role per leg: port checks at the first port of entry, the hand-over, the destination as for rail', () => {
    const plan = planInspection(seaRail(), inspectionContext());
    expect(plan.portChecks?.bureau).toBe('JS');
    expect(plan.journey?.border).toEqual({ point: 'LIANYUNGANG-PORT', bureau: 'JS', mode: 'sea' });
    expect(plan.journey?.handOver).toEqual({ point: 'LIANYUNGANG-PORT', bureau: 'JS', fromMode: 'sea', toMode: 'rail' });
    expect(plan.journey?.legs.map((leg) => leg.bureaus)).toEqual([
      [
        { bureau: 'JS', point: 'LIANYUNGANG-PORT', role: 'port-checks' },
        { bureau: 'JS', point: 'LIANYUNGANG-PORT', role: 'hand-over' },
      ],
      [{ bureau: 'CQ', point: 'CHONGQING-RAIL', role: 'destination-inspection' }],
    ]);
    expect(plan.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['TRANSPORT_MODE_MULTIMODAL', 'MULTIMODAL_PORT_OF_ENTRY', 'MULTIMODAL_HAND_OVER', 'MULTIMODAL_INLAND_AS_RAIL', 'IMPORT_DIRECT_THROUGH']));
    expect(plan.reasons.find((r) => r.code === 'MULTIMODAL_PORT_OF_ENTRY')?.text.zh).toContain('连云港港');
  });

  it('hands over rail to air at Zhengzhou airport, after the rail port of entry', () => {
    const journey = journeyPlan(importFiling({ transportMode: 'rail-air', journey: RAIL_AIR }));
    expect(journey?.border).toEqual({ point: 'ALASHANKOU', bureau: 'XJ', mode: 'rail' });
    expect(journey?.handOver).toEqual({ point: 'ZHENGZHOU-AIRPORT', bureau: 'HA', fromMode: 'rail', toMode: 'air' });
    expect(journey?.legs[2]?.bureaus).toEqual([{ bureau: 'CQ', point: 'CHONGQING-AIRPORT', role: 'destination-inspection' }]);
  });

  it('on export: the origin inspects, the seaport takes the hand-over and is the port of exit', () => {
    const plan = planInspection(exportFiling({ transportMode: 'sea-rail', journey: EXPORT_RAIL_SEA }), inspectionContext());
    expect(plan.journey?.legs[0]?.bureaus).toEqual([
      { bureau: 'ZJ', point: 'YIWU-RAIL', role: 'origin-inspection' },
      { bureau: 'NB', point: 'NINGBO-PORT', role: 'hand-over' },
    ]);
    expect(plan.journey?.legs[1]?.bureaus).toEqual([{ bureau: 'NB', point: 'NINGBO-PORT', role: 'port-of-exit' }]);
    expect(plan.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['MULTIMODAL_INLAND_AS_RAIL', 'MULTIMODAL_HAND_OVER', 'MULTIMODAL_PORT_OF_EXIT']));
  });

  it('without declared legs, a multimodal filing is planned as before', () => {
    const plan = planInspection(importFiling({ transportMode: 'sea-rail' }), inspectionContext());
    expect(plan.journey).toBeUndefined();
    expect(plan.coordinatedMultimodal).toBe(true);
  });
});

describe('the hand-over answer: container seals checked', () => {
  const consignment = { containers: [{ number: 'CSQU3054383', sealNumber: 'DE-0001' }, { number: 'MSKU1234565', sealNumber: 'DE-0002' }] };
  const seal = (number: string, sealNumber: string, sealIntact = true) => ({ number, sealNumber, sealIntact });

  it('passes with every declared seal intact', () => {
    expect(handOverProblems({ outcome: 'pass', details: { containers: [seal('CSQU3054383', 'DE-0001'), seal('MSKU1234565', 'DE-0002')] } }, consignment)).toEqual([]);
  });

  it('cannot pass a seal that is not the declared one or is broken, and must cover every container', () => {
    const mismatch = { containers: [seal('CSQU3054383', 'XX-9999'), seal('MSKU1234565', 'DE-0002', false)] };
    expect(handOverProblems({ outcome: 'pass', details: mismatch }, consignment).map((p) => p.path)).toEqual(['outcome']);
    expect(handOverProblems({ outcome: 'fail', details: { ...mismatch, disposal: 'return' } }, consignment)).toEqual([]);
    expect(handOverProblems({ outcome: 'pass', details: { containers: [seal('CSQU3054383', 'DE-0001')] } }, consignment).map((p) => p.path)).toEqual(['details.containers']);
    expect(handOverProblems({ outcome: 'pass' }, consignment).map((p) => p.path)).toEqual(['details']);
  });
});
