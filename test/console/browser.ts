/**
 * The browser side of the console tests: Debian's Chromium driven by playwright-core, axe-core
 * run in the page, and screenshots written to artifacts/console/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/console/', import.meta.url));

export function launchChromium(): Promise<Browser> {
  // No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | undefined;

/**
 * What the page callbacks below use of the browser's globals: they run in Chromium, while this
 * file compiles against Node's types (no DOM lib), so they name the globals through this.
 */
export interface InPage {
  document: { documentElement: { lang: string }; fonts: { ready: Promise<unknown>; load(font: string, text: string): Promise<unknown> } };
  requestAnimationFrame(callback: (time: number) => void): void;
  location: { hash: string };
  axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: await axeSource });
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as InPage;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Waits for the shipped font and for the page to settle, then writes `<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  // Loads the Chinese face outright (fonts.ready alone may resolve before a load has begun),
  // then lets two frames paint with it.
  await page.evaluate(async () => {
    const w = globalThis as unknown as InPage;
    await w.document.fonts.load('16px "Noto Sans SC"', '中文');
    await w.document.fonts.ready;
    await new Promise((resolve) => w.requestAnimationFrame(() => w.requestAnimationFrame(resolve)));
  });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
