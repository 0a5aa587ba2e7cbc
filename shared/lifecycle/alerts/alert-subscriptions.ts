import type { CallerIdentity } from '../../auth/claims.ts';
import { maySubscribeToAlerts } from '../../domain/alerts/alert-access.ts';
import { subscriptionOf, type AlertSubscription, type AlertSubscriptionRequest } from '../../domain/alerts/alert-subscription.ts';
import { NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

function enterpriseOf(caller: CallerIdentity): string {
  if (!maySubscribeToAlerts(caller) || caller.enterprise === undefined) throw new NotAllowed('an enterprise subscribes its declarants to alert notices; bureaus hear of every alert');
  return caller.enterprise;
}

/** PUT /alert-subscription: the caller's enterprise hears of alerts matching its filters (or of none, `active: false`). */
export function subscribe(request: AlertSubscriptionRequest, caller: CallerIdentity): Promise<AlertSubscription> {
  return repos().alertSubscriptions.put(subscriptionOf(enterpriseOf(caller), request, nowIso()));
}

/** GET /alert-subscription. */
export async function subscriptionOfCaller(caller: CallerIdentity): Promise<AlertSubscription> {
  const enterprise = enterpriseOf(caller);
  const subscription = await repos().alertSubscriptions.find(enterprise);
  if (!subscription) throw new NotFound(`enterprise ${enterprise} has no alert subscription`);
  return subscription;
}
