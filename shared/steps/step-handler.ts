import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { withInvocationLogger } from '../observability/logger.ts';

/**
 * The one shape of a state-machine step: validate what the workflow sent, run shared logic.
 * An invalid payload is a bug in the workflow definition, so it fails the task loudly with the
 * zod error rather than being coerced. The step runs with its invocation's own logger
 * (`currentLogger()` in shared code), carrying the function name and request id.
 */
export function stepHandler<Input, Output>(schema: z.ZodType<Input>, run: (input: Input) => Promise<Output>) {
  return (event: unknown, context?: Context): Promise<Output> =>
    withInvocationLogger(context, correlationOf(event), async (log) => {
      const started = Date.now();
      const output = await run(schema.parse(event));
      // One line per step, as the API writes one per request: the correlation id ties them together.
      log.info('step', { latencyMs: Date.now() - started });
      return output;
    });
}

/** The correlation id a workflow passes to its steps (the API request that started it), for the log lines. */
function correlationOf(event: unknown): { correlationId?: string } {
  const correlationId = typeof event === 'object' && event !== null && 'correlationId' in event ? event.correlationId : undefined;
  return typeof correlationId === 'string' ? { correlationId } : {};
}
