import { describe, expect, it } from 'vitest';
import {
  activateAlert,
  alertChangeSchema,
  alertPublicationSchema,
  approveAlert,
  changeAlert,
  expireAlert,
  publishAlert,
  withdrawAlert,
  type AlertActor,
  type AlertOutcome,
  type AlertPublication,
  type AlertRecord,
} from '#shared/domain/alerts/alert.ts';
import { mayChangeAlert, mayViewAlert } from '#shared/domain/alerts/alert-access.ts';
import { candidatePairsOf, publicationFromCandidate, type AlertCandidate } from '#shared/domain/alerts/alert-candidate.ts';
import { entryBanIssues, inFlightProgress, policyViewsOf, replanForAlert } from '#shared/domain/alerts/alert-effects.ts';
import { subscriptionMatches, subscriptionOf } from '#shared/domain/alerts/alert-subscription.ts';
import { createConsignment, type Consignment } from '#shared/domain/consignment.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { exportFiling, goodsLine, importFiling, inspectionContext } from './fixtures.ts';

const AT = '2016-09-01T00:00:00.000Z';
const HQ: AlertActor = { role: 'hq', bureau: 'HQ', subject: 'hq-officer' };
const NM: AlertActor = { role: 'officer', bureau: 'NM', subject: 'nm-officer' };
const DAY = 86_400_000;
const later = (days: number) => new Date(Date.parse(AT) + days * DAY).toISOString();

const publication = (overrides: Partial<AlertPublication> = {}): AlertPublication =>
  alertPublicationSchema.parse({
    kind: 'animal-epidemic',
    countries: ['PL'],
    hsPrefixes: ['0203'],
    measure: 'port-inspection',
    validUntil: later(30),
    source: 'WOAH WAHIS report 2016/123',
    description: { zh: '波兰非洲猪瘟疫情', en: 'African swine fever in Poland' },
    ...overrides,
  });

function changed(outcome: AlertOutcome): AlertRecord {
  if (outcome.kind !== 'changed') throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
  return outcome.alert;
}

const published = (overrides: Partial<AlertPublication> = {}, by: AlertActor = HQ) =>
  changed(publishAlert(publication(overrides), { id: '01J0000000000000000000ALRT', at: AT, by, bureau: by.bureau ?? 'HQ' }));

const pork = goodsLine({ hsCode: '020329', description: 'frozen pork / 冷冻猪肉', originCountry: 'PL', categories: ['animal-product'] });

describe('alert publications (the schema of POST /alerts)', () => {
  const issues = (value: unknown) => {
    const result = alertPublicationSchema.safeParse(value);
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
  };

  it('names each field it refuses', () => {
    const valid = { ...publication() };
    expect(issues(valid)).toEqual([]);
    expect(issues({ ...valid, hsPrefixes: [], categories: [] })).toEqual(['hsPrefixes']);
    expect(issues({ ...valid, countries: [] })).toEqual(['countries']);
    expect(issues({ ...valid, countries: ['PL', 'PL'] })).toEqual(['countries']);
    expect(issues({ ...valid, countries: ['XX'] })).toEqual(['countries.0']);
    expect(issues({ ...valid, measure: 'quarantine-everything' })).toEqual(['measure']);
    expect(issues({ ...valid, validFrom: later(40) })).toEqual(['validUntil']);
    expect(issues({ ...valid, description: { zh: '只有中文' } })).toEqual(['description.en']);
    expect(issues({ ...valid, extra: 1 })).toEqual(['']);
  });

  it('states each limit bilingually, naming the field', () => {
    const messages = (value: unknown) => {
      const result = alertPublicationSchema.safeParse(value);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    const countries = Array.from({ length: 51 }, (_, i) => ['PL', 'DE', 'FR'][i % 3] ?? 'PL');
    expect(messages({ ...publication(), countries }).some((m) => m.startsWith('countries: ') && m.includes('50') && m.includes(' / '))).toBe(true);
    expect(messages({ ...publication(), description: { zh: '疫'.repeat(2001), en: 'x' } })).toEqual([expect.stringMatching(/^description\.zh: .*2000.* \/ .*2000/)]);
    expect(messages({ ...publication(), source: 's'.repeat(201) })).toEqual([expect.stringMatching(/^source: .*200/)]);
  });

  it('accepts goods categories instead of HS prefixes', () => {
    expect(issues({ ...publication(), hsPrefixes: undefined, categories: ['animal-product'] })).toEqual([]);
  });

  it('wants something to change in a PATCH, from a version', () => {
    expect(alertChangeSchema.safeParse({ version: 1 }).success).toBe(false);
    expect(alertChangeSchema.safeParse({ measure: 'entry-ban' }).success).toBe(false);
    expect(alertChangeSchema.safeParse({ version: 1, measure: 'entry-ban' }).success).toBe(true);
  });
});

describe('the life of an alert', () => {
  it("puts HQ's alert in force at once, or at its validFrom", () => {
    const now = published();
    expect(now).toMatchObject({ status: 'active', published: true, activatedAt: AT, validFrom: AT, version: 1 });
    expect(published({ validFrom: later(2) }).status).toBe('scheduled');
  });

  it("keeps a bureau's alert for HQ's approval, then puts it in force", () => {
    const proposal = published({}, NM);
    expect(proposal).toMatchObject({ status: 'pending-approval', published: false, bureau: 'NM' });
    const approved = changed(approveAlert(proposal, { at: later(1), by: HQ }));
    expect(approved).toMatchObject({ status: 'active', published: true, version: 2, activatedAt: later(1) });
  });

  it('refuses a window that has ended or reaches too far ahead, naming validUntil', () => {
    const past = publishAlert(publication({ validFrom: later(-10), validUntil: later(-1) }), { id: 'X', at: AT, by: HQ, bureau: 'HQ' });
    expect(past).toMatchObject({ kind: 'invalid', problems: [{ path: 'validUntil' }] });
    const far = publishAlert(publication({ validUntil: later(400) }), { id: 'X', at: AT, by: HQ, bureau: 'HQ' });
    expect(far).toMatchObject({ kind: 'invalid', problems: [{ path: 'validUntil' }] });
    // A proposal whose window passed while it waited is not put in force as it is.
    const proposal = published({ validUntil: later(3) }, NM);
    expect(approveAlert(proposal, { at: later(4), by: HQ }).kind).toBe('invalid');
  });

  it('keeps the start of an alert in force, and starts a scheduled one whose start moves to the past', () => {
    const active = published();
    expect(changeAlert(active, { version: 1, validFrom: later(1) }, { at: AT, by: HQ })).toMatchObject({ kind: 'invalid', problems: [{ path: 'validFrom' }] });
    const scheduled = published({ validFrom: later(5) });
    expect(changed(changeAlert(scheduled, { version: 1, validFrom: AT }, { at: later(1), by: HQ }))).toMatchObject({ status: 'active', activatedAt: later(1) });
    expect(changeAlert(active, { version: 1, measure: 'port-inspection' }, { at: AT, by: HQ })).toEqual({ kind: 'unchanged' });
  });

  it('records each change with the fields before and after', () => {
    const active = published();
    const outcome = changeAlert(active, { version: 1, measure: 'entry-ban', validUntil: later(60) }, { at: later(1), by: HQ });
    expect(outcome.kind === 'changed' && outcome.change).toMatchObject({
      version: 2,
      action: 'changed',
      changes: { measure: { from: 'port-inspection', to: 'entry-ban' }, validUntil: { from: later(30), to: later(60) } },
    });
    const withdrawn = withdrawAlert(active, 'lifted by WOAH', { at: later(2), by: HQ });
    expect(withdrawn.kind === 'changed' && withdrawn.change).toMatchObject({ action: 'withdrawn', reason: 'lifted by WOAH', changes: { status: { from: 'active', to: 'withdrawn' } } });
  });

  it('takes effect and expires by its workflow, each a version of its own', () => {
    const system: AlertActor = { role: 'system', subject: 'execution' };
    const active = changed(activateAlert(published({ validFrom: later(2) }), { at: later(2), by: system }));
    expect(active).toMatchObject({ status: 'active', version: 2, activatedAt: later(2) });
    expect(changed(expireAlert(active, { at: later(30), by: system }))).toMatchObject({ status: 'expired', version: 3, expiredAt: later(30) });
  });

  it('lets HQ change any alert and a bureau only its own proposal; others read only what was put in force', () => {
    const proposal = published({}, NM);
    expect(mayChangeAlert({ role: 'officer', bureau: 'NM' }, proposal)).toBe(true);
    expect(mayChangeAlert({ role: 'officer', bureau: 'XJ' }, proposal)).toBe(false);
    const approved = changed(approveAlert(proposal, { at: AT, by: HQ }));
    expect(mayChangeAlert({ role: 'officer', bureau: 'NM' }, approved)).toBe(false);
    expect(mayChangeAlert({ role: 'hq', bureau: 'HQ' }, approved)).toBe(true);
    expect(mayViewAlert({ role: 'declarant', bureau: 'CQ', enterprise: 'x' }, proposal)).toBe(false);
    expect(mayViewAlert({ role: 'officer', bureau: 'NM' }, proposal)).toBe(true);
    expect(mayViewAlert({ role: 'declarant', bureau: 'CQ', enterprise: 'x' }, approved)).toBe(true);
  });
});

describe('measures on the plan of a new filing (§8, 三（七）)', () => {
  const planWith = (filing: ReturnType<typeof importFiling>, alert: AlertRecord, at = AT) =>
    planInspection(filing, inspectionContext({ at, epidemicAlerts: policyViewsOf(alert) }));
  const codes = (plan: ReturnType<typeof planInspection>) => plan.reasons.map((r) => r.code);

  it('heightened inspection: the inland level is intensified, the goods stay direct-through', () => {
    const plan = planWith(importFiling({ goods: [goodsLine(), pork] }), published({ measure: 'heightened-inspection' }));
    expect(plan.destinationInspection?.level).toBe('intensified');
    expect(plan.portInspection).toBe(false);
    const reason = plan.reasons.find((r) => r.code === 'ALERT_HEIGHTENED_INSPECTION');
    expect(reason).toMatchObject({ goodsLines: [1], refs: ['01J0000000000000000000ALRT'], rule: expect.stringContaining('三（七）') });
    expect(reason?.text.zh).toContain('第 2 项货物');
  });

  it('port inspection: the import is opened at the port, and is no longer direct-through', () => {
    const plan = planWith(importFiling({ goods: [pork] }), published());
    expect(plan.portInspection).toBe(true);
    expect(codes(plan)).toContain('ALERT_PORT_INSPECTION');
    expect(codes(plan)).not.toContain('IMPORT_DIRECT_THROUGH');
  });

  it('suspended direct release: an export is inspected and cleared at the port', () => {
    const toys = published({ countries: ['CN'], hsPrefixes: ['95'], measure: 'suspend-direct-release', kind: 'product-nonconformity' });
    const plan = planWith(exportFiling(), toys);
    expect(plan).toMatchObject({ portInspection: true, releaseBureau: 'XJ', clearanceDocument: { route: 'port-exchange' } });
    expect(codes(plan)).toEqual(expect.arrayContaining(['ALERT_DIRECT_RELEASE_SUSPENDED', 'EXPORT_CLEARANCE_AT_PORT']));
  });

  it('entry ban: the filing is refused naming the goods line and the alert; exports are not concerned', () => {
    const ban = published({ measure: 'entry-ban', countries: ['PL', 'DE'], hsPrefixes: ['02'] });
    const issues = entryBanIssues(importFiling({ goods: [goodsLine(), pork] }), policyViewsOf(ban), AT);
    expect(issues).toEqual([expect.objectContaining({ path: 'goods.1', code: 'ALERT_ENTRY_BAN' })]);
    expect(issues[0]?.message).toContain(ban.id);
    expect(entryBanIssues(exportFiling({ goods: [pork] }), policyViewsOf(ban), AT)).toEqual([]);
    expect(planWith(exportFiling({ goods: [pork] }), ban).reasons.map((r) => r.code)).not.toContain('ALERT_ENTRY_BAN');
  });

  it('covers by goods category as well as by HS prefix, and in every country it names', () => {
    const byCategory = published({ hsPrefixes: undefined, categories: ['animal-product'], countries: ['DE', 'PL'] });
    expect(planWith(importFiling({ goods: [pork] }), byCategory).portInspection).toBe(true);
    expect(planWith(importFiling({ goods: [{ ...pork, originCountry: 'DE' }] }), byCategory).portInspection).toBe(true);
    expect(planWith(importFiling({ goods: [{ ...pork, originCountry: 'FR' }] }), byCategory).portInspection).toBe(false);
  });

  it('no longer applies once its window has ended, even before the workflow marks it expired', () => {
    expect(planWith(importFiling({ goods: [pork] }), published(), later(31)).portInspection).toBe(false);
  });
});

describe('re-planning a consignment in flight', () => {
  const filed = (filing = importFiling({ goods: [pork] })): Consignment => {
    const draft = createConsignment(filing, { id: 'C1', at: AT });
    return { ...draft, inspectionPlan: planInspection(draft, inspectionContext({ at: AT })) };
  };
  const inFlight = (c: Consignment, status: Consignment['status'], settled = false): Consignment => ({ ...c, status, ...(settled && { planSettled: { after: 'port-checks', at: AT } }) });

  it('adds port inspection to an import waiting for port checks, with the reason in place of direct-through', () => {
    const waiting = inFlight(filed(), 'awaiting-port-checks');
    const replanned = replanForAlert(waiting, published(), inFlightProgress(waiting, false), later(1));
    expect(replanned?.portInspection).toEqual({ from: false, to: true });
    expect(replanned?.plan.portInspection).toBe(true);
    expect(replanned?.plan.reasons.map((r) => r.code)).not.toContain('IMPORT_DIRECT_THROUGH');
    expect(replanned?.reason).toMatchObject({ code: 'ALERT_PORT_INSPECTION', goodsLines: [0], refs: ['01J0000000000000000000ALRT'] });
    expect(replanned?.reason.text.en).toContain('re-planned in flight');
  });

  it('leaves port inspection alone once the workflow has routed on the plan', () => {
    const routed = inFlight(filed(), 'awaiting-port-checks', true);
    expect(replanForAlert(routed, published(), inFlightProgress(routed, false), later(1))).toBeUndefined();
    const beyond = inFlight(filed(), 'awaiting-destination-inspection');
    expect(inFlightProgress(beyond, false)).toEqual({ portRoutingOpen: false, inlandOpen: true });
    expect(replanForAlert(beyond, published(), inFlightProgress(beyond, false), later(1))).toBeUndefined();
  });

  it('raises the inland level while the inland inspection is unanswered, not after', () => {
    const heightened = published({ measure: 'heightened-inspection' });
    const waiting = inFlight(filed(), 'awaiting-destination-inspection', true);
    expect(replanForAlert(waiting, heightened, inFlightProgress(waiting, false), later(1))?.level).toEqual({ from: 'standard', to: 'intensified' });
    expect(replanForAlert(waiting, heightened, inFlightProgress(waiting, true), later(1))).toBeUndefined();
  });

  it('applies an alert once: one already on the plan (at filing or before) changes nothing', () => {
    const waiting = inFlight(filed(), 'awaiting-port-checks');
    const once = replanForAlert(waiting, published(), inFlightProgress(waiting, false), later(1));
    const again = { ...waiting, inspectionPlan: once?.plan };
    expect(replanForAlert(again, published(), inFlightProgress(again, false), later(1))).toBeUndefined();
  });

  it('turns an entry ban on goods already on their way into port inspection and intensified inspection', () => {
    const waiting = inFlight(filed(), 'awaiting-port-checks');
    const replanned = replanForAlert(waiting, published({ measure: 'entry-ban' }), inFlightProgress(waiting, false), later(1));
    expect(replanned?.reason.code).toBe('ALERT_ENTRY_BAN_IN_FLIGHT');
    expect(replanned?.plan).toMatchObject({ portInspection: true, destinationInspection: { level: 'intensified' } });
  });

  it('leaves consignments the alert does not cover, and closed ones, alone', () => {
    const other = inFlight(filed(importFiling()), 'awaiting-port-checks');
    expect(replanForAlert(other, published(), inFlightProgress(other, false), later(1))).toBeUndefined();
    const released = inFlight(filed(), 'released');
    expect(inFlightProgress(released, false)).toEqual({ portRoutingOpen: false, inlandOpen: false });
  });
});

describe('alert candidates and subscriptions', () => {
  it('groups a consignment by country of origin and HS heading, each pair once', () => {
    expect(candidatePairsOf([pork, { ...pork, hsCode: '020311' }, goodsLine()])).toEqual([
      { key: 'PL-0203', country: 'PL', heading: '0203' },
      { key: 'DE-8471', country: 'DE', heading: '8471' },
    ]);
  });

  it('makes a candidate a publication with its pair as the coverage and what was found as the text', () => {
    const candidate: AlertCandidate = {
      key: 'PL-0203',
      country: 'PL',
      heading: '0203',
      firstAt: AT,
      lastAt: AT,
      nonconformities: [{ consignmentId: 'C1', kind: 'destination-inspection', bureau: 'CQ', direction: 'import', at: AT }],
    };
    const made = publicationFromCandidate(candidate, { measure: 'heightened-inspection', validUntil: later(30) });
    expect(made).toMatchObject({ kind: 'product-nonconformity', countries: ['PL'], hsPrefixes: ['0203'], measure: 'heightened-inspection' });
    expect(made.description.en).toContain('1 consignment(s) of HS heading 0203 from PL');
    expect(alertPublicationSchema.safeParse(made).success).toBe(true);
  });

  it('tells an enterprise of the alerts its filters match, by either prefix of the other', () => {
    const alert = published();
    expect(subscriptionMatches(subscriptionOf('E', {}, AT), alert)).toBe(true);
    expect(subscriptionMatches(subscriptionOf('E', { countries: ['DE'] }, AT), alert)).toBe(false);
    expect(subscriptionMatches(subscriptionOf('E', { hsPrefixes: ['02'] }, AT), alert)).toBe(true);
    expect(subscriptionMatches(subscriptionOf('E', { hsPrefixes: ['020329'] }, AT), alert)).toBe(true);
    expect(subscriptionMatches(subscriptionOf('E', { hsPrefixes: ['84'] }, AT), alert)).toBe(false);
    expect(subscriptionMatches(subscriptionOf('E', { active: false }, AT), alert)).toBe(false);
  });
});
