import type { CallerIdentity } from '../../auth/claims.ts';
import { everyPage, type PageRequest } from '../../data/pagination.ts';
import {
  createTradeMeasureNote,
  noteMatches,
  publicTradeMeasureNote,
  tradeMeasureSubscriptionOf,
  type TradeMeasureNote,
  type TradeMeasureNoteRequest,
  type TradeMeasureSubscription,
  type TradeMeasureSubscriptionRequest,
} from '../../domain/trade-measures/trade-measure.ts';
import { actorOf } from '../../domain/train.ts';
import { stableInboxId } from '../../messaging/inbox.ts';
import { mapWithConcurrency } from '../../review/concurrency.ts';
import { keyedRequest } from '../coordination/keyed-request.ts';
import { NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

const NOTICES_IN_FLIGHT = 16;

export const TRADE_MEASURE_NOTICE = { zh: '沿线国家技术性贸易措施信息', en: 'Technical trade measure of a partner country' } as const;

/**
 * POST /trade-measures: a bureau or HQ publishes a note; every enterprise whose subscription it
 * matches hears of it in its inbox. Each notice has a stable inbox id (note, enterprise), so a
 * retried publish (same Idempotency-Key) files each notice once.
 */
export async function publishTradeMeasure(request: TradeMeasureNoteRequest, caller: CallerIdentity, idempotencyKey?: string) {
  if (caller.role === 'declarant') throw new NotAllowed('bureaus and HQ publish technical-trade-measure notes');
  const { id, keyed } = keyedRequest('trade-measure', caller, request, idempotencyKey);
  const note = (await repos().tradeMeasures.findKeyed(id, keyed)) ?? (await repos().tradeMeasures.create(createTradeMeasureNote(request, { id, at: nowIso(), by: actorOf(caller) }), keyed));
  await notifySubscribers(note);
  return note;
}

async function notifySubscribers(note: TradeMeasureNote): Promise<void> {
  const subscriptions = await everyPage((page) => repos().tradeMeasures.listSubscribers(page));
  // Notices in parallel, a few at a time: one PutItem each, and a retry files each once (stable ids).
  await mapWithConcurrency(subscriptions.filter((s) => noteMatches(s, note)), NOTICES_IN_FLIGHT, (subscription) =>
    repos().notifications.add(
      {
        bureau: note.bureau,
        kind: 'trade-measure:published',
        title: TRADE_MEASURE_NOTICE,
        data: { noteId: note.id, country: note.country, kind: note.kind, hsPrefixes: note.hsPrefixes, title: note.title, effectiveDate: note.effectiveDate, sourceUrl: note.sourceUrl },
        id: stableInboxId(note.publishedAt, 'trade-measure', note.id, subscription.enterprise),
      },
      { enterprise: subscription.enterprise },
    ),
  );
}

/** GET /trade-measures?country=: newest first; publishers are shown to HQ only. */
export async function listTradeMeasures(query: PageRequest & { country?: string | undefined }, caller: CallerIdentity) {
  const { country, ...page } = query;
  const found = await repos().tradeMeasures.list({ country }, page);
  return { items: found.items.map((note) => (caller.role === 'hq' ? note : publicTradeMeasureNote(note))), ...(found.nextToken !== undefined && { nextToken: found.nextToken }) };
}

export async function tradeMeasureDetail(id: string, caller: CallerIdentity) {
  const note = await repos().tradeMeasures.find(id);
  if (!note) throw new NotFound(`trade-measure note ${id} does not exist`);
  return caller.role === 'hq' ? note : publicTradeMeasureNote(note);
}

function enterpriseOf(caller: CallerIdentity): string {
  if (caller.role !== 'declarant' || caller.enterprise === undefined) throw new NotAllowed('an enterprise subscribes its declarants to trade-measure notes');
  return caller.enterprise;
}

/** PUT /trade-measure-subscription: the caller's enterprise hears of notes matching its filters. */
export function subscribeTradeMeasures(request: TradeMeasureSubscriptionRequest, caller: CallerIdentity): Promise<TradeMeasureSubscription> {
  return repos().tradeMeasures.putSubscription(tradeMeasureSubscriptionOf(enterpriseOf(caller), request, nowIso()));
}

export async function tradeMeasureSubscriptionOfCaller(caller: CallerIdentity): Promise<TradeMeasureSubscription> {
  const enterprise = enterpriseOf(caller);
  const subscription = await repos().tradeMeasures.findSubscription(enterprise);
  if (!subscription) throw new NotFound(`enterprise ${enterprise} has no trade-measure subscription`);
  return subscription;
}

