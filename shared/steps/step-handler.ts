import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../observability/logger.ts';

/**
 * The one shape of a state-machine step: validate what the workflow sent, run shared logic.
 * An invalid payload is a bug in the workflow definition, so it fails the task loudly with the
 * zod error rather than being coerced.
 */
export function stepHandler<Input, Output>(schema: z.ZodType<Input>, run: (input: Input) => Promise<Output>) {
  return async (event: unknown, context?: Context): Promise<Output> => {
    if (context) logger.addContext(context);
    return run(schema.parse(event));
  };
}
