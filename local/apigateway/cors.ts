import type { IncomingHttpHeaders } from 'node:http';
import { CORS_POLICY } from '../../shared/http/cors-policy.ts';

/**
 * API Gateway's CORS for an HTTP API (`corsPreflight`), as AWS documents it: the gateway answers
 * every OPTIONS preflight itself, without a route or the authorizer, and adds
 * `Access-Control-Allow-Origin` and `Access-Control-Expose-Headers` to every other answer to an
 * allowed origin, its own errors (401, 404, 429) included. An origin not allowed gets no CORS
 * header, so the browser keeps the answer from the page.
 */
export interface Cors {
  /** The preflight's answer: 204 with the allowed methods and headers when the origin is allowed. */
  preflight(headers: IncomingHttpHeaders): Record<string, string>;
  /** The headers to add to an ordinary answer. */
  decorate(headers: IncomingHttpHeaders): Record<string, string>;
}

export function createCors(allowOrigins: readonly string[]): Cors {
  const allowed = new Set(allowOrigins);
  const allowedOrigin = (headers: IncomingHttpHeaders) => {
    const origin = headers.origin;
    return typeof origin === 'string' && allowed.has(origin) ? origin : undefined;
  };
  return {
    preflight(headers): Record<string, string> {
      const origin = allowedOrigin(headers);
      if (!origin) return { vary: 'origin' };
      return {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': CORS_POLICY.allowMethods.join(','),
        'access-control-allow-headers': CORS_POLICY.allowHeaders.join(','),
        'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
        vary: 'origin',
      };
    },
    decorate(headers): Record<string, string> {
      const origin = allowedOrigin(headers);
      if (!origin) return allowed.size > 0 ? { vary: 'origin' } : {};
      return { 'access-control-allow-origin': origin, 'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(','), vary: 'origin' };
    },
  };
}
