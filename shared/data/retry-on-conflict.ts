import { ConflictError } from './errors.ts';

/**
 * Read–decide–write under a version guard, again after each lost race: `attempt` reads the latest
 * item and writes against its version; a ConflictError means someone wrote first, so it runs
 * anew on what they wrote.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, maxAttempts: number): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConflictError) || n >= maxAttempts) throw error;
    }
  }
}
