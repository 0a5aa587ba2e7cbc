import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { consignmentFilingSchema } from '#shared/domain/consignment.ts';
import {
  MAX_CANCELLATION_REASON_LENGTH,
  MAX_CATEGORIES_PER_LINE,
  MAX_CERTIFICATE_BODY_ID_LENGTH,
  MAX_CERTIFICATE_NUMBER_LENGTH,
  MAX_CERTIFICATE_SCOPE,
  MAX_CITY_NAME_LENGTH,
  MAX_CONTAINER_FINDING_LENGTH,
  MAX_CONTAINERS_PER_CONSIGNMENT,
  MAX_CONTAINERS_PER_TRAIN,
  MAX_FINDINGS_LENGTH,
  MAX_GOODS_DESCRIPTION_LENGTH,
  MAX_GOODS_LINES,
  MAX_NET_WEIGHT_KG,
  MAX_PARTY_NAME_LENGTH,
  MAX_PERMIT_NUMBER_LENGTH,
  MAX_PERMITS,
  MAX_QUANTITY,
  MAX_REFERENCE_ID_LENGTH,
  MAX_SEAL_NUMBER_LENGTH,
  MAX_THIRD_PARTY_CERTIFICATES,
  MAX_TIMESTAMP_LENGTH,
  MAX_TRAIN_EVENT_REMARKS_LENGTH,
  MAX_TREATMENT_METHOD_LENGTH,
  MIN_QUANTITY,
} from '#shared/domain/limits.ts';
import { taskAnswerSchema, taskResultSchema, type PortChecksDetails } from '#shared/domain/tasks/task-results.ts';
import { trainEventRemarksSchema } from '#shared/domain/trains/train-events.ts';
import { trainRegistrationSchema, trainTimetableChangeSchema } from '#shared/domain/trains/train-registration.ts';
import { timestampSchema } from '#shared/domain/validators/timestamp.ts';
import { goodsLine, importFiling } from './fixtures.ts';
import { chinese, longTimestamp, maximalImportFiling, maximalPortChecks, maximalTrainQuarantine, maximalTrainRadiation } from './limit-bodies.ts';
import { containerNumber, inboundTrain } from './train-bodies.ts';

type Issue = { path: string; message: string };
function issues(schema: z.ZodType, value: unknown): Issue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** One issue at `path`, bilingual (Chinese / English), naming the limit. */
function expectLimitIssue(found: Issue[], path: string, limit: number) {
  expect(found.map((i) => i.path)).toEqual([path]);
  const [zh = '', en = '', ...rest] = (found[0]?.message ?? '').split(' / ');
  expect(rest).toEqual([]);
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  expect(en).toMatch(/^[ -~]+$/);
  expect(zh).toContain(String(limit));
  expect(en).toContain(String(limit));
}

const numbers = (count: number, first = 1) => Array.from({ length: count }, (_, i) => containerNumber(first + i));

describe('a filing at every limit', () => {
  it('is accepted as it is, every list full and every string at its longest (in Chinese)', () => {
    const filing = maximalImportFiling();
    const parsed = consignmentFilingSchema.parse(filing);
    expect(parsed.containers).toHaveLength(MAX_CONTAINERS_PER_CONSIGNMENT);
    expect(parsed.goods).toHaveLength(MAX_GOODS_LINES);
    expect(parsed.goods[0]?.categories).toHaveLength(MAX_CATEGORIES_PER_LINE - 1);
    expect(parsed.permits).toHaveLength(MAX_PERMITS);
    expect(parsed.thirdPartyCertificates).toHaveLength(MAX_THIRD_PARTY_CERTIFICATES);
    expect(parsed.goods[0]?.description).toHaveLength(MAX_GOODS_DESCRIPTION_LENGTH);
    expect(parsed.consignee.name).toHaveLength(MAX_PARTY_NAME_LENGTH);
  });

  const filing = maximalImportFiling();
  it.each([
    ['containers', { ...filing, containers: [...filing.containers, { number: containerNumber(9999) }] }, 'containers', MAX_CONTAINERS_PER_CONSIGNMENT],
    ['goods lines', { ...filing, goods: [...filing.goods, filing.goods[0]] }, 'goods', MAX_GOODS_LINES],
    ['permits', { ...filing, permits: [...(filing.permits ?? []), filing.permits?.[1]] }, 'permits', MAX_PERMITS],
    [
      'third-party certificates',
      { ...filing, thirdPartyCertificates: [...(filing.thirdPartyCertificates ?? []), filing.thirdPartyCertificates?.[0]] },
      'thirdPartyCertificates',
      MAX_THIRD_PARTY_CERTIFICATES,
    ],
  ])('refuses one more of its %s, naming the list and the limit', (_what, body, path, limit) => {
    expectLimitIssue(issues(consignmentFilingSchema, body), path, limit);
  });

  it('refuses 5,000 containers with one issue on the list, not one per container', () => {
    const found = issues(consignmentFilingSchema, importFiling({ containers: numbers(5000).map((number) => ({ number })) }));
    expectLimitIssue(found, 'containers', MAX_CONTAINERS_PER_CONSIGNMENT);
  });

  const line = goodsLine();
  const certificate = filing.thirdPartyCertificates![0]!;
  it.each([
    ['a seal number', { containers: [{ number: containerNumber(1), sealNumber: chinese(MAX_SEAL_NUMBER_LENGTH + 1) }] }, 'containers.0.sealNumber', MAX_SEAL_NUMBER_LENGTH],
    ["the consignor's name", { consignor: { name: chinese(MAX_PARTY_NAME_LENGTH + 1), country: 'DE' } }, 'consignor.name', MAX_PARTY_NAME_LENGTH],
    ['a goods description', { goods: [{ ...line, description: chinese(MAX_GOODS_DESCRIPTION_LENGTH + 1) }] }, 'goods.0.description', MAX_GOODS_DESCRIPTION_LENGTH],
    ['a permit number', { permits: [{ ...filing.permits![0]!, number: 'P'.repeat(MAX_PERMIT_NUMBER_LENGTH + 1) }] }, 'permits.0.number', MAX_PERMIT_NUMBER_LENGTH],
    [
      'a certificate number',
      { thirdPartyCertificates: [{ ...certificate, certificateNumber: chinese(MAX_CERTIFICATE_NUMBER_LENGTH + 1) }] },
      'thirdPartyCertificates.0.certificateNumber',
      MAX_CERTIFICATE_NUMBER_LENGTH,
    ],
    ['a certifying body id', { thirdPartyCertificates: [{ ...certificate, bodyId: 'B'.repeat(MAX_CERTIFICATE_BODY_ID_LENGTH + 1) }] }, 'thirdPartyCertificates.0.bodyId', MAX_CERTIFICATE_BODY_ID_LENGTH],
    [
      "a certificate's scope",
      { thirdPartyCertificates: [{ ...certificate, scope: [...certificate.scope, '84'] }] },
      'thirdPartyCertificates.0.scope',
      MAX_CERTIFICATE_SCOPE,
    ],
    [
      'a timestamp',
      { thirdPartyCertificates: [{ ...certificate, validUntil: `2099-08-11T09:30:00.${'1'.repeat(1000)}+08:00` }] },
      'thirdPartyCertificates.0.validUntil',
      MAX_TIMESTAMP_LENGTH,
    ],
    ['a train id', { trainId: 'X'.repeat(MAX_REFERENCE_ID_LENGTH + 1) }, 'trainId', MAX_REFERENCE_ID_LENGTH],
    ['a quantity', { goods: [{ ...line, quantity: 1e300 }] }, 'goods.0.quantity', MAX_QUANTITY],
    ['a net weight', { goods: [{ ...line, netWeightKg: 1e300 }] }, 'goods.0.netWeightKg', MAX_NET_WEIGHT_KG],
    ['a quantity too small to store', { goods: [{ ...line, quantity: 1e-200 }] }, 'goods.0.quantity', MIN_QUANTITY],
    ['a net weight too small to store', { goods: [{ ...line, netWeightKg: 1e-200 }] }, 'goods.0.netWeightKg', MIN_QUANTITY],
  ])('refuses %s over its limit, naming the field and the limit', (_what, overrides, path, limit) => {
    expectLimitIssue(issues(consignmentFilingSchema, { ...importFiling(), ...overrides }), path, limit);
  });

  it('keeps one message for a zero quantity (no second one about the minimum)', () => {
    expect(issues(consignmentFilingSchema, importFiling({ goods: [{ ...line, quantity: 0 } as never] })).map((i) => i.message)).toEqual([
      '数量须大于零 / quantity must be greater than zero',
    ]);
  });

  it('accepts the longest timestamp (nanoseconds and an offset)', () => {
    expect(timestampSchema.parse(longTimestamp(2016))).toHaveLength(MAX_TIMESTAMP_LENGTH);
  });
});

describe('task answers at every limit', () => {
  const containers = numbers(MAX_CONTAINERS_PER_CONSIGNMENT);

  it('accepts port checks of a full consignment with the longest findings, and normalises the numbers as the filing does', () => {
    const answer = maximalPortChecks(containers);
    expect(taskResultSchema('port-checks').parse(answer).details?.findings).toHaveLength(MAX_FINDINGS_LENGTH);
    // As written on the door: "trnu 000001 5".
    const written = containerNumber(1).toLowerCase().replace(/^(.{4})(.{6})(.)$/, '$1 $2 $3');
    const spaced = { ...answer, details: { ...answer.details, containers: [{ ...answer.details.containers[0]!, number: written }] } };
    expect((taskResultSchema('port-checks').parse(spaced).details as PortChecksDetails).containers[0]?.number).toBe(containerNumber(1));
  });

  it.each([
    ['port checks of one container too many', 'port-checks', maximalPortChecks(numbers(MAX_CONTAINERS_PER_CONSIGNMENT + 1)), 'details.containers', MAX_CONTAINERS_PER_CONSIGNMENT],
    [
      'findings one character too long',
      'destination-inspection',
      { outcome: 'pass', details: { findings: chinese(MAX_FINDINGS_LENGTH + 1) } },
      'details.findings',
      MAX_FINDINGS_LENGTH,
    ],
    ['a treatment method too long', 'treatment', { outcome: 'pass', details: { method: chinese(MAX_TREATMENT_METHOD_LENGTH + 1) } }, 'details.method', MAX_TREATMENT_METHOD_LENGTH],
  ] as const)('refuses %s, naming the field and the limit', (_what, kind, answer, path, limit) => {
    expectLimitIssue(issues(taskResultSchema(kind), answer), path, limit);
  });

  it('refuses a port-check container number of any other shape, so no long text reaches the consignment', () => {
    const answer = maximalPortChecks([containerNumber(1)]);
    answer.details.containers[0]!.number = 'x'.repeat(10_000);
    expect(issues(taskResultSchema('port-checks'), answer).map((i) => i.path)).toEqual(['details.containers.0.number']);
  });

  const train = numbers(MAX_CONTAINERS_PER_TRAIN);
  it('accepts train results for a full train, with the longest findings', () => {
    expect(taskAnswerSchema.safeParse({ kind: 'train-quarantine', ...maximalTrainQuarantine(train) }).success).toBe(true);
    expect(taskAnswerSchema.safeParse({ kind: 'train-radiation', ...maximalTrainRadiation(train) }).success).toBe(true);
  });

  it.each([
    ['train-quarantine', { kind: 'train-quarantine', ...maximalTrainQuarantine(numbers(MAX_CONTAINERS_PER_TRAIN + 1)) }, 'details.containerFindings', MAX_CONTAINERS_PER_TRAIN],
    ['train-radiation', { kind: 'train-radiation', ...maximalTrainRadiation(numbers(MAX_CONTAINERS_PER_TRAIN + 1)) }, 'details.containers', MAX_CONTAINERS_PER_TRAIN],
  ])('refuses %s for more containers than a train carries', (_kind, answer, path, limit) => {
    expectLimitIssue(issues(taskAnswerSchema, answer), path, limit);
  });

  it('refuses a container finding one character too long', () => {
    const answer = maximalTrainQuarantine([containerNumber(1)]);
    answer.details.containerFindings[0]!.finding = chinese(MAX_CONTAINER_FINDING_LENGTH + 1);
    expectLimitIssue(issues(taskAnswerSchema, { kind: 'train-quarantine', ...answer }), 'details.containerFindings.0.finding', MAX_CONTAINER_FINDING_LENGTH);
  });
});

describe('train bodies at every limit', () => {
  const crossing = Date.parse('2026-03-10T00:00:00Z');

  it('accepts the longest city names and refuses one character more', () => {
    const longest = inboundTrain('X8001', crossing, { originCity: chinese(MAX_CITY_NAME_LENGTH), destinationCity: chinese(MAX_CITY_NAME_LENGTH) });
    expect(trainRegistrationSchema.safeParse(longest).success).toBe(true);
    expectLimitIssue(issues(trainRegistrationSchema, { ...longest, originCity: chinese(MAX_CITY_NAME_LENGTH + 1) }), 'originCity', MAX_CITY_NAME_LENGTH);
    // An id that long is no known corridor either: both are said.
    const corridor = issues(trainRegistrationSchema, { ...longest, corridorId: 'c'.repeat(MAX_REFERENCE_ID_LENGTH + 1) });
    expectLimitIssue(corridor.slice(0, 1), 'corridorId', MAX_REFERENCE_ID_LENGTH);
  });

  it('refuses a capacity over a train, and a notice that could not be scheduled', () => {
    const body = inboundTrain('X8001', crossing);
    expectLimitIssue(issues(trainRegistrationSchema, { ...body, containerCapacity: MAX_CONTAINERS_PER_TRAIN + 1 }), 'containerCapacity', MAX_CONTAINERS_PER_TRAIN);
    expect(issues(trainRegistrationSchema, { ...body, preArrivalNoticeHours: 1e-200 }).map((i) => i.path)).toEqual(['preArrivalNoticeHours']);
    expect(issues(trainRegistrationSchema, { ...body, preArrivalNoticeHours: -1 }).map((i) => i.message)).toEqual(['预到通知提前小时数须大于 0 / preArrivalNoticeHours must be positive']);
  });

  it('bounds the reason of a cancellation and the remarks of an event', () => {
    expect(trainTimetableChangeSchema.safeParse({ status: 'cancelled', reason: chinese(MAX_CANCELLATION_REASON_LENGTH) }).success).toBe(true);
    expectLimitIssue(issues(trainTimetableChangeSchema, { status: 'cancelled', reason: chinese(MAX_CANCELLATION_REASON_LENGTH + 1) }), 'reason', MAX_CANCELLATION_REASON_LENGTH);
    expect(trainEventRemarksSchema.parse(chinese(MAX_TRAIN_EVENT_REMARKS_LENGTH))).toHaveLength(MAX_TRAIN_EVENT_REMARKS_LENGTH);
    expectLimitIssue(issues(trainEventRemarksSchema, chinese(MAX_TRAIN_EVENT_REMARKS_LENGTH + 1)), '', MAX_TRAIN_EVENT_REMARKS_LENGTH);
  });
});
