/**
 * The web console in a real browser (Chromium through playwright-core) against `npm start` (its
 * own process, on disk), signed in through the login links it prints: a declarant files through the form, the port officer completes the port checks,
 * the destination officer releases, and HQ opens the execution and sees the graph with the path
 * taken. Screenshots of each main page, in Chinese and in English, go to artifacts/console/; axe
 * finds no serious or critical violation on the main pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../console/build.ts';
import { DAY, inboundTrain } from '../domain/train-bodies.ts';
import { launchChromium, screenshot, seriousViolations, type InPage } from './browser.ts';
import { startNpmStart, tokenOf, type NpmStart } from './npm-start-process.ts';

const IMPORTER = '91500000MA5U000010';
const CONTAINER = 'CSQU3054383';

let cloud: NpmStart;
let browser: Browser;
let outdir: string;
const contexts: BrowserContext[] = [];
const shots: string[] = [];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  outdir = await mkdtemp(join(tmpdir(), 'console-'));
  const built = await buildConsole({ outdir: join(outdir, 'site') });
  // The first page stays within its budget; the graph and the charts are chunks of their own.
  expect(built.firstPageGzipBytes).toBeLessThan(300 * 1024);
  cloud = await startNpmStart(join(outdir, 'data'));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await cloud?.stop();
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

/** A browser session logged in through one of the login links `npm start` printed, in the given language. */
async function session(link: string, locale: 'zh-CN' | 'en-GB', viewport = { width: 1280, height: 720 }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, timezoneId: 'Europe/Berlin', bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(link);
  await page.getByTestId('whoami').waitFor();
  return page;
}

const lang = (page: Page) => page.evaluate(() => (globalThis as unknown as InPage).document.documentElement.lang);

async function switchLanguage(page: Page): Promise<void> {
  const before = await lang(page);
  await page.getByRole('button', { name: /^(English|中文)$/ }).click();
  await page.waitForFunction((previous) => (globalThis as unknown as InPage).document.documentElement.lang !== previous, before);
}

/** The page as it is, in both languages (Chinese first), and back to where it was. */
async function shootBoth(page: Page, name: string): Promise<void> {
  const start = await lang(page);
  for (let i = 0; i < 2; i++) {
    const current = (await lang(page)) === 'zh-CN' ? 'zh' : 'en';
    shots.push(await screenshot(page, `${name}-${current}`));
    await switchLanguage(page);
  }
  expect(await lang(page)).toBe(start);
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function open(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => ((globalThis as unknown as InPage).location.hash = h), hash);
  await page.locator(ready).first().waitFor();
}

/** Reloads the route until `selector` shows (the workflow opens tasks a moment after the last step). */
async function until(page: Page, hash: string, selector: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await page.evaluate((h) => ((globalThis as unknown as InPage).location.hash = h), hash);
  for (;;) {
    try {
      await page.locator(selector).first().waitFor({ timeout: 1_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.reload();
    }
  }
}

describe('the web console, in Chromium', { timeout: 120_000 }, () => {
  let consignmentId = '';

  it('a declarant files a consignment through the form, with inline validation', async () => {
    const page = await session(cloud.loginLinks.declarant, 'zh-CN');
    await expect(page.getByTestId('whoami').textContent()).resolves.toContain(IMPORTER);
    await open(page, '#/file', '#file-consignor-name');
    await page.fill('#file-consignor-name', 'Duisburg Trading GmbH');
    await page.fill('#file-consignor-country', 'DE');
    await page.fill('#file-consignee-name', '重庆渝欧进出口有限公司');
    // A wrong check digit is refused as the API refuses it, beside the field, before anything is sent.
    await page.fill('#file-containers-0-number', 'CSQU3054384');
    await page.locator('#file-containers-0-number').blur();
    await expect(page.locator('#file-containers-0-number-error').textContent()).resolves.toMatch(/校验位|check digit/i);
    await page.fill('#file-containers-0-number', CONTAINER);
    await page.fill('#file-containers-0-sealNumber', 'DE-0001');
    await page.fill('#file-goods-0-hsCode', '847130');
    await page.fill('#file-goods-0-description', 'portable computers / 笔记本电脑');
    await page.fill('#file-goods-0-quantity', '500');
    await page.fill('#file-goods-0-netWeightKg', '1250');
    await page.fill('#file-goods-0-originCountry', 'DE');
    await page.locator('#file-containers-0-number-error').waitFor({ state: 'detached' });
    await expectAccessible(page, 'filing form');
    await shootBoth(page, 'filing');
    await page.getByRole('button', { name: /^(提交报检|File)$/ }).click();
    const link = page.getByTestId('filed-link');
    await link.waitFor();
    consignmentId = (await link.textContent()) ?? '';
    expect(consignmentId).toMatch(/^[0-9A-Z]{26}$/);

    await open(page, '#/consignments', `a[href="#/consignments/${consignmentId}"]`);
    // Search by container number (GET /consignments?container=), then export what was found.
    await page.fill('#search-container', CONTAINER);
    await page.getByRole('button', { name: /^(查询|Search)$/ }).click();
    await page.locator(`a[href="#/consignments/${consignmentId}"]`).waitFor();
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: /^(导出 CSV|Export CSV)$/ }).click();
    const exported = await csv;
    expect(exported.suggestedFilename()).toMatch(/\.csv$/);
    const stream = await exported.createReadStream();
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text).toContain(consignmentId);
    await expectAccessible(page, 'consignments');
    await shootBoth(page, 'consignments');
  });

  it('the port officer completes the port checks in the form generated from the answer schema; the API refuses a pass with an alarm beside the outcome', async () => {
    const page = await session(cloud.loginLinks.portOfficer, 'en-GB');
    await until(page, '#/tasks', `tr[data-consignment="${consignmentId}"][data-task-kind="port-checks"]`);
    await expectAccessible(page, 'task queue');
    await shootBoth(page, 'tasks');
    await page.locator(`tr[data-consignment="${consignmentId}"] a.button`).click();
    await page.locator('#f-details-containers-0-number').waitFor();
    expect(await page.inputValue('#f-details-containers-0-number')).toBe(CONTAINER);

    // Fail without a disposal: the bundled schema says so before anything is sent.
    await page.selectOption('#f-outcome', 'fail');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect(page.locator('#f-details-disposal-error').textContent()).resolves.toMatch(/disposal/);
    // A pass with a radiation alarm passes the schema but not the API: its problem+json names the outcome.
    await page.selectOption('#f-outcome', 'pass');
    await page.selectOption('#f-details-containers-0-radiation', 'alarm');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect(page.locator('#f-outcome-error').textContent()).resolves.toMatch(/alarm/);
    // The API's message is bilingual: switching the language switches it too.
    await switchLanguage(page);
    await expect(page.locator('#f-outcome-error').textContent()).resolves.toMatch(/报警/);
    await switchLanguage(page);
    await expectAccessible(page, 'task form with errors');
    await shootBoth(page, 'task-form-errors');

    await page.selectOption('#f-details-containers-0-radiation', 'normal');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('status').waitFor();

    await open(page, '#/inbox', 'ul.inbox li');
    await expectAccessible(page, 'inbox');
    await shootBoth(page, 'inbox');
  });

  it('the destination officer releases, on a tablet', async () => {
    const page = await session(cloud.loginLinks.destinationOfficer, 'zh-CN', { width: 768, height: 1024 });
    await until(page, '#/tasks', `tr[data-consignment="${consignmentId}"][data-task-kind="destination-inspection"]`);
    shots.push(await screenshot(page, 'tasks-tablet-zh'));
    await page.locator(`tr[data-consignment="${consignmentId}"] a.button`).click();
    await page.locator('#f-outcome').waitFor();
    await page.selectOption('#f-outcome', 'pass');
    shots.push(await screenshot(page, 'task-form-tablet-zh'));
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('status').waitFor();
  });

  it('the declarant sees the release, the plan with its reasons, the timeline and the certificate', async () => {
    const page = await session(cloud.loginLinks.declarant, 'zh-CN');
    await until(page, `#/consignments/${consignmentId}`, '[data-status="released"]');
    await page.getByRole('button', { name: '下载 PDF' }).waitFor();
    await page.locator('[data-testid="workflow-graph"]').waitFor();
    expect(await page.locator('ul.reasons li').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'consignment page');
    await shootBoth(page, 'consignment');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  });

  it('HQ opens the execution and sees the graph with the path taken, and a state\'s input and output', async () => {
    const page = await session(cloud.loginLinks.hq, 'en-GB');
    await open(page, '#/executions', `tr[data-execution="${consignmentId}"] a`);
    await expectAccessible(page, 'executions');
    await shootBoth(page, 'executions');
    await page.locator(`tr[data-execution="${consignmentId}"] a`).click();
    const graph = page.getByTestId('workflow-graph');
    await graph.waitFor();
    await expect(page.getByTestId('execution-status').textContent()).resolves.toBe('SUCCEEDED');
    for (const state of ['AwaitPortChecks', 'AwaitDestinationInspection']) {
      await expect(graph.locator(`g[data-state="${state}"]`).getAttribute('data-taken')).resolves.toBe('true');
    }
    expect(await graph.locator('polyline.edge.taken').count()).toBeGreaterThanOrEqual(5);
    // States the import did not go through stay plain.
    expect(await graph.locator('g.state[data-taken="false"]').count()).toBeGreaterThan(0);
    await graph.locator('g[data-state="AwaitPortChecks"]').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.state-detail pre').first().textContent()).resolves.toContain(consignmentId);
    await expectAccessible(page, 'execution page');
    await shootBoth(page, 'execution');

    await open(page, '#/stats', '.chart svg');
    await expectAccessible(page, 'statistics');
    await shootBoth(page, 'stats');

    // A train registered by the port bureau, on HQ's timeline.
    const crossing = Date.now() + 5 * DAY;
    const registered = await fetch(`${cloud.apiUrl}/trains`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenOf(cloud.loginLinks.portOfficer)}`, 'content-type': 'application/json' },
      body: JSON.stringify(inboundTrain('X8001', crossing)),
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
    await open(page, '#/trains', '.train-timeline li');
    await expect(page.locator('.train-timeline').textContent()).resolves.toContain('X8001');
    await expectAccessible(page, 'trains');
    await shootBoth(page, 'trains');
  });

  it('the login page names what to paste, and a bad token is refused', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 720 }, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${cloud.apiUrl}/`);
    await page.fill('#token', 'not-a-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'login');
    await shootBoth(page, 'login');
    expect(shots.length).toBeGreaterThanOrEqual(20);
  });
});
