import { request as httpRequest, Agent } from 'node:http';

/**
 * A raw HTTP client for the fault suite: it sends exactly what it is given (a path with `%ZZ` in
 * it, raw header bytes, a body that is not JSON, 11 MB) and never throws for an answer; a request
 * without an answer (connection refused or reset, timeout) resolves with `status: 0` and the
 * error, which is what the crash rounds need to know ("was the answer lost?").
 */
export interface RawRequest {
  method: string;
  /** Path and query, already encoded as they go on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  /** 0 when no answer came back. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Why no answer came back. */
  error?: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const LARGE_BODY = 1024 * 1024;

export function send(baseUrl: string, req: RawRequest, timeoutMs = 40_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const began = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (response: Omit<RawResponse, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...response, ms: Math.round(performance.now() - began) });
    };
    // A large body waits for `100 Continue`, as curl and browsers do: a server that refuses the
    // request line or headers (431, 414) answers before the body is sent, instead of the client
    // running into a reset while it is still writing.
    const large = req.body !== undefined && Buffer.byteLength(req.body) > LARGE_BODY;
    let outgoing: ReturnType<typeof httpRequest>;
    try {
      outgoing = httpRequest({
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(req.body !== undefined && { 'content-length': String(Buffer.byteLength(req.body)) }), ...(large && { expect: '100-continue' }) },
        agent: large ? false : agent,
        timeout: timeoutMs,
      });
    } catch (error) {
      // The client itself refuses (e.g. a header Node will not send): not a request at all.
      done({ status: -1, headers: {}, text: '', error: `not sent: ${(error as Error).message}` });
      return;
    }
    outgoing.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        // Answered before the body went out (no 100 Continue): this connection is done.
        if (large && !outgoing.writableEnded) outgoing.destroy();
      });
      res.on('error', (error) => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), error: error.message }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (error) => done({ status: 0, headers: {}, text: '', error: error.message }));
    if (large) outgoing.on('continue', () => outgoing.end(req.body));
    else if (req.body !== undefined) outgoing.end(req.body);
    else outgoing.end();
  });
}

/** JSON of an answer, or undefined. */
export function json<T = Record<string, unknown>>(response: RawResponse): T | undefined {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    return undefined;
  }
}

/** A JSON API call with a bearer token (the officers, declarants and HQ of the crash and fault parts). */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs?: number,
): Promise<{ status: number; body: T | undefined; error?: string; text: string }> {
  const response = await send(
    baseUrl,
    {
      method,
      path,
      headers: {
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    },
    timeoutMs,
  );
  return { status: response.status, body: json<T>(response), text: response.text, ...(response.error !== undefined && { error: response.error }) };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drops the pooled connections (after a process they went to was killed). */
export function resetConnections(): void {
  agent.destroy();
}
