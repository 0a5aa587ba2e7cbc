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
    withInvocationLogger(context, {}, async () => run(schema.parse(event)));
}
