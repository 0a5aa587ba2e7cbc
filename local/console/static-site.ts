/**
 * The console's static files, served by the local cloud's HTTP API on the paths no route takes:
 * `/` (index.html) and `/assets/…` (the bundles, the stylesheet, the font). Same origin as the
 * API, so the console calls it without CORS; on AWS the same folder sits behind CloudFront.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The headers CloudFront's response headers policy sets on AWS, as far as they apply locally. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  // Inline style attributes only (chart SVGs, bar positions); scripts and connections stay on this origin.
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
};

export type StaticSite = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

interface Cached {
  body: Buffer;
  gzip?: Buffer;
}

/**
 * Serves `dir` (the output of console/build.ts). Answers false for any path it does not serve.
 * Given a promise (a build still running), its paths wait for the folder; none is served if it
 * comes to undefined (the build failed).
 */
export function staticSite(dir: string | Promise<string | undefined>): StaticSite {
  const root = Promise.resolve(dir).then(
    (d) => (d === undefined ? undefined : normalize(d + sep)),
    () => undefined,
  );
  const cache = new Map<string, Promise<Cached | undefined>>();
  const load = (file: string) => {
    let entry = cache.get(file);
    if (!entry) {
      entry = readFile(file).then(
        (body) => ({ body, ...(/\.(js|css|html|json|svg)$/.test(file) && { gzip: gzipSync(body) }) }),
        () => undefined,
      );
      cache.set(file, entry);
    }
    return entry;
  };
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const relative = pathname === '/' || pathname === '/index.html' ? 'index.html' : pathname.startsWith('/assets/') ? pathname.slice(1) : undefined;
    if (relative === undefined) return false;
    const base = await root;
    if (base === undefined) return false;
    const file = normalize(join(base, relative));
    if (!file.startsWith(base)) return false;
    const cached = await load(file);
    if (!cached) return false;
    const gzip = cached.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? cached.gzip! : cached.body;
    res.statusCode = 200;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
    // Bundles are named by their hash; index.html names the current ones.
    res.setHeader('cache-control', relative === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
    if (gzip) res.setHeader('content-encoding', 'gzip');
    res.setHeader('vary', 'accept-encoding');
    res.setHeader('content-length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
