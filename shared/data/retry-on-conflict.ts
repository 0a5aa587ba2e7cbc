import { ConflictError } from './errors.ts';

/**
 * Read–decide–write under a version guard, again after each lost race: `attempt` reads the latest
 * item and writes against its version; a ConflictError means someone wrote first, so it runs
 * anew on what they wrote. Between attempts it waits a short random while that grows with each
 * loss, so writers that keep colliding (a step escalating a task while an officer answers it)
 * fall out of step instead of colliding again at once. `isConflict` says which errors are lost
 * races (a ConflictError by default; `cancelledByConflict` for a transaction).
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, maxAttempts: number, isConflict: (error: unknown) => boolean = (error) => error instanceof ConflictError): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConflict(error) || n >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * BACKOFF_MS * 2 ** (n - 1)));
    }
  }
}

const BACKOFF_MS = 5;
