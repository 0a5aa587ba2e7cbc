/**
 * The bench's HTTP client: every call is timed and counted by route; every answer that is not
 * 2xx (and not one the caller declared expected) and every network error is recorded as an
 * error, by route and status. Writes carry an Idempotency-Key, so a retry after a network error,
 * a 429 or a 5xx is the same request; each failed attempt still counts as an error.
 */

export interface Answer<T> {
  status: number;
  body: T;
}

interface RouteStats {
  latencies: number[];
  statuses: Map<number, number>;
}

export interface ErrorRecord {
  route: string;
  /** HTTP status, or `network` for a failed connection or a malformed answer. */
  status: number | 'network';
  count: number;
  /** The first few problem details (or error messages) seen. */
  samples: string[];
}

const RETRIES = 4;
const MAX_SAMPLES = 3;

/** Route templates of the HTTP API, for grouping: `/tasks/01J…/complete` → `/tasks/{id}/complete`. */
export function routeOf(method: string, path: string): string {
  const bare = path.split('?')[0] ?? path;
  const parts = bare.split('/');
  // /consignments/{id}, /consignments/{id}/history, /tasks/{id}/complete, /trains/{id}, ...
  if (parts.length >= 3 && parts[2] !== '') parts[2] = '{id}';
  return `${method} ${parts.join('/')}`;
}

export class Client {
  private readonly routes = new Map<string, RouteStats>();
  private readonly errorMap = new Map<string, ErrorRecord>();
  /** Whether calls are recorded (the final read-back is not part of the measured run). */
  recording = true;
  retries = 0;
  firstCallAt = Number.POSITIVE_INFINITY;
  lastCallAt = 0;

  constructor(private readonly baseUrl: string) {}

  get calls(): number {
    let n = 0;
    for (const stats of this.routes.values()) n += stats.latencies.length;
    return n;
  }

  get errorCount(): number {
    let n = 0;
    for (const e of this.errorMap.values()) n += e.count;
    return n;
  }

  routeStats(): ReadonlyMap<string, RouteStats> {
    return this.routes;
  }

  errors(): ErrorRecord[] {
    return [...this.errorMap.values()].sort((a, b) => b.count - a.count);
  }

  allLatencies(): number[] {
    return [...this.routes.values()].flatMap((s) => s.latencies);
  }

  private record(route: string, status: number, started: number, ended: number): void {
    if (!this.recording) return;
    let stats = this.routes.get(route);
    if (!stats) this.routes.set(route, (stats = { latencies: [], statuses: new Map() }));
    stats.latencies.push(ended - started);
    stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
    if (started < this.firstCallAt) this.firstCallAt = started;
    if (ended > this.lastCallAt) this.lastCallAt = ended;
  }

  private error(route: string, status: number | 'network', sample: string): void {
    const key = `${route} ${status}`;
    let e = this.errorMap.get(key);
    if (!e) this.errorMap.set(key, (e = { route, status, count: 0, samples: [] }));
    e.count += 1;
    if (e.samples.length < MAX_SAMPLES && !e.samples.includes(sample)) e.samples.push(sample.slice(0, 300));
  }

  /**
   * One request; answers with status 2xx or in `expected` are returned as they are, others are
   * recorded as errors (and retried if 429/5xx) and returned after the last attempt.
   */
  async call<T>(
    method: string,
    path: string,
    token: string,
    options: { body?: unknown; idempotencyKey?: string; expected?: readonly number[] } = {},
  ): Promise<Answer<T>> {
    const route = routeOf(method, path);
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    // Only a keyed write (or a read) is safe to send again.
    const retriable = method === 'GET' || options.idempotencyKey !== undefined;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      let status: number;
      let text: string;
      try {
        const response = await fetch(this.baseUrl + path, { method, headers, ...(payload !== undefined && { body: payload }) });
        status = response.status;
        text = await response.text();
      } catch (error) {
        const ended = performance.now();
        this.record(route, 0, started, ended);
        this.error(route, 'network', error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error));
        if (attempt >= RETRIES || !retriable) throw error;
        this.retries += 1;
        await sleep(100 * 2 ** attempt);
        continue;
      }
      this.record(route, status, started, performance.now());
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const ok = (status >= 200 && status < 300) || (options.expected?.includes(status) ?? false);
      if (!ok) {
        const problem = body as { detail?: string; title?: string; message?: string } | undefined;
        this.error(route, status, typeof problem === 'object' && problem ? (problem.detail ?? problem.title ?? problem.message ?? text) : String(text));
        if ((status === 429 || status >= 500) && retriable && attempt < RETRIES) {
          this.retries += 1;
          await sleep(100 * 2 ** attempt);
          continue;
        }
      }
      return { status, body: body as T };
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
