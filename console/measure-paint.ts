/**
 * Measures how soon the console shows something useful, on a local cloud started here (in memory,
 * free ports) with a fresh build, in Debian's Chromium: `npx tsx console/measure-paint.ts`.
 *
 * For each page, over RUNS cold loads (a new browser context: empty cache, no session):
 * - first contentful paint (the browser's `paint` entry): the shell or the login form;
 * - meaningful paint: the first animation frame after the page's own content is in the DOM
 *   (the logged-in user's header and the page's listing or its "nothing here"), i.e. after
 *   the token was read, GET /me answered and the page's first API call rendered.
 * Times are from navigation start, in milliseconds; the medians are printed. Not a test: times
 * depend on the machine (and on whatever else runs on it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startLocalCloud } from '../local/cloud.ts';
import { buildConsole } from './build.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface InPage {
  document: { querySelector(selector: string): unknown };
  performance: { now(): number; getEntriesByType(type: string): Array<{ name: string; startTime: number }> };
  requestAnimationFrame(callback: () => void): void;
  MutationObserver: new (callback: () => void) => { observe(target: object, options: object): void; disconnect(): void };
  contentPainted?: number;
}

/**
 * Loads `url` in a fresh context; `ready` (a CSS selector) is the page's own content. An observer
 * installed before the page's scripts notes the first frame painted after it appears, so the
 * time does not include how often the test driver polls.
 */
async function measure(browser: Browser, url: string, ready: string): Promise<{ fcp: number; meaningful: number }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await page.addInitScript((selector: string) => {
      const w = globalThis as unknown as InPage;
      const observer = new w.MutationObserver(() => {
        if (!w.document.querySelector(selector)) return;
        observer.disconnect();
        w.requestAnimationFrame(() => (w.contentPainted = w.performance.now()));
      });
      observer.observe(w.document, { childList: true, subtree: true, characterData: true });
    }, ready);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (globalThis as unknown as InPage).contentPainted !== undefined, undefined, { timeout: 15_000 });
    return await page.evaluate(() => {
      const w = globalThis as unknown as InPage;
      const fcp = w.performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? Number.NaN;
      return { fcp, meaningful: w.contentPainted ?? Number.NaN };
    });
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const outdir = await mkdtemp(join(tmpdir(), 'console-paint-'));
const built = await buildConsole({ outdir });
const cloud = await startLocalCloud({ dataDir: ':memory:', port: 0, awsPort: 0, log: () => {}, consoleDir: built.outdir });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const officer = await cloud.mintToken({ bureau: 'XJ', role: 'officer' });
  const hq = await cloud.mintToken({ bureau: 'HQ', role: 'hq' });
  const pages: Array<[string, string, string]> = [
    ['login page', `${cloud.apiUrl}/`, 'main #token'],
    // The listing, or the page's "nothing here" once the answer came (data-loaded, ui.tsx).
    ['officer task queue (login link)', `${cloud.apiUrl}/#token=${officer}`, 'main section [data-loaded]'],
    ['HQ executions (login link)', `${cloud.apiUrl}/#token=${hq}`, 'main section [data-loaded]'],
  ];
  // One unmeasured load: the server reads and compresses the files on first request.
  await measure(browser, pages[0]![1], pages[0]![2]);
  process.stdout.write(`first page ${(built.firstPageGzipBytes / 1024).toFixed(1)} KB gzip; ${RUNS} cold loads each, medians (ms from navigation start):\n`);
  for (const [name, url, ready] of pages) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, url, ready));
    process.stdout.write(
      `  ${name.padEnd(34)} first contentful paint ${median(runs.map((r) => r.fcp)).toFixed(0).padStart(5)}   meaningful paint ${median(runs.map((r) => r.meaningful)).toFixed(0).padStart(5)}\n`,
    );
  }
} finally {
  await browser.close();
  await cloud.close();
  await rm(outdir, { recursive: true, force: true });
}
