import type { Context } from 'aws-lambda';
import { relayOutbox } from '#shared/lifecycle/outbox.ts';
import { withInvocationLogger } from '#shared/observability/logger.ts';

/**
 * Runs every minute (and once when the local cloud starts): finishes what a crash left between a
 * commit and its follow-up, namely answers not yet delivered to their workflows and lifecycles
 * not yet started (see shared/lifecycle/outbox.ts).
 */
export const handler = (event: { inFlightSeconds?: number } = {}, context?: Context) =>
  withInvocationLogger(context, {}, async (log) => {
    const report = await relayOutbox(event.inFlightSeconds === undefined ? {} : { inFlightSeconds: event.inFlightSeconds });
    if (report.answersDelivered + report.lifecyclesStarted + report.reviewsStarted + report.casesStarted + report.countsFinished + report.alertEffectsStarted + report.failed > 0) log.info('outbox relayed', { ...report });
    return report;
  });
