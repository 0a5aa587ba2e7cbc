/**
 * The simulation's HTTP client: every call is timed (the latency figures of the summary) and
 * counted by route. Network errors, 429 and 5xx are retried a few times with backoff, as a
 * bureau's system would; anything else is the caller's to handle.
 */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body).slice(0, 400)}`);
  }
}

const RETRIES = 4;
/** How many of the latest latencies the progress line's p50 looks at. */
const RECENT_LATENCIES = 2000;

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));

/** `/tasks/01J…/complete` → `/tasks/{id}/complete`, so latencies group by route. */
export function routeOf(method: string, path: string): string {
  const bare = path.split('?')[0] ?? path;
  const templated = bare
    .split('/')
    .map((segment, i, all) => (i >= 2 && all[i - 1] !== '' && /[0-9]/.test(segment) ? '{id}' : segment))
    .join('/');
  return `${method} ${templated}`;
}

export class Api {
  readonly latencies = new Map<string, number[]>();
  readonly statuses = new Map<string, number>();
  retries = 0;
  /** The latest latencies, oldest first: a ring of RECENT_LATENCIES, so a progress tick stays cheap. */
  private readonly recent: number[] = [];
  private recentNext = 0;

  constructor(private readonly baseUrl: string) {}

  get calls(): number {
    let n = 0;
    for (const list of this.latencies.values()) n += list.length;
    return n;
  }

  allLatencies(): number[] {
    return [...this.latencies.values()].flat();
  }

  recentLatencies(): number[] {
    return this.recent.length < RECENT_LATENCIES ? [...this.recent] : [...this.recent.slice(this.recentNext), ...this.recent.slice(0, this.recentNext)];
  }

  private record(route: string, status: number, latency: number): void {
    const list = this.latencies.get(route) ?? [];
    list.push(latency);
    this.latencies.set(route, list);
    this.statuses.set(`${route} ${status}`, (this.statuses.get(`${route} ${status}`) ?? 0) + 1);
    this.recent[this.recentNext] = latency;
    this.recentNext = (this.recentNext + 1) % RECENT_LATENCIES;
  }

  async call<T>(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const route = routeOf(method, path);
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      let status: number;
      let text: string;
      try {
        const response = await fetch(this.baseUrl + path, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        if (attempt >= RETRIES) throw error;
        this.retries += 1;
        await backoff(attempt);
        continue;
      }
      this.record(route, status, performance.now() - started);
      if ((status === 429 || status >= 500) && attempt < RETRIES) {
        this.retries += 1;
        await backoff(attempt);
        continue;
      }
      return { status, body: (text ? JSON.parse(text) : undefined) as T };
    }
  }

  /** A call that must succeed (2xx); otherwise an ApiError. */
  async ok<T>(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const answer = await this.call<T>(method, path, token, body, headers);
    if (answer.status < 200 || answer.status >= 300) throw new ApiError(method, path, answer.status, answer.body);
    return answer.body;
  }

  /** Every page of a listing (`?limit=100&nextToken=…`), one page at a time; each call must succeed. */
  async *pages<T>(path: string, token: string): AsyncGenerator<T[]> {
    const separator = path.includes('?') ? '&' : '?';
    let nextToken: string | undefined;
    do {
      const page = await this.ok<{ items: T[]; nextToken?: string }>('GET', `${path}${separator}limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, token);
      yield page.items;
      nextToken = page.nextToken;
    } while (nextToken);
  }
}
