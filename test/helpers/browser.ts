import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium: never a browser download. `.ci/run` installs it with apt when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

export const chromiumInstalled = () => existsSync(CHROMIUM);

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
];

export type Browser = { context: BrowserContext; page: Page; problems: string[]; close: () => Promise<void> };

/**
 * Headless chromium with a new, empty profile, allowed to use the clipboard on `origin`. `problems`
 * collects console errors, uncaught exceptions and Content-Security-Policy violations.
 */
export async function openBrowser(origin: string, viewport = { width: 1000, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'participation-browser-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  await page.exposeFunction('reportViolation', (directive: string, uri: string) => problems.push(`CSP ${directive} blocked ${uri}`));
  // A string, as it runs in the page: the project's TypeScript has no DOM library.
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective, e.blockedURI));",
  });
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

type AxeResults = { passes: unknown[]; violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] };

/**
 * axe-core's serious and critical violations on the page as it stands, as `rule: targets`. Throws
 * when axe checked almost nothing (a blank page would otherwise pass).
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => (globalThis as unknown as { axe: { run: () => Promise<AxeResults> } }).axe.run());
  if (results.passes.length < 10) throw new Error(`axe-core checked only ${results.passes.length} rules`);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
