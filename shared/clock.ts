/**
 * The application's time. On AWS it is the system clock. The local cloud can run time faster
 * (`TIME_SCALE`): it installs its own clock here, so that what handlers stamp (filed at, answered
 * at, deadlines, certificates) and what the workflow engine and the schedules count read one
 * time, as they do on AWS where all of them read the same wall clock.
 */
let source: () => number = () => Date.now();

/** Now, as a Date. */
export function now(): Date {
  return new Date(source());
}

/** Now, in epoch milliseconds. */
export function nowMs(): number {
  return source();
}

/** Now, as an ISO 8601 UTC timestamp. */
export function nowIso(): string {
  return now().toISOString();
}

/** Makes `read` the application's clock (the local cloud's scaled clock); returns what undoes it. */
export function useClock(read: () => number): () => void {
  const before = source;
  source = read;
  return () => {
    source = before;
  };
}
