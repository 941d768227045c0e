import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildExplorer } from '../scripts/build-explorer.js';
import { REPO_ROOT } from './support/service-process.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

// An architect in a browser: the decision explorer at /, on Debian's Chromium (as the Swagger UI test).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(REPO_ROOT, 'test-output', 'explorer');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Stricter than any policy the service is meant to send: nothing inline, not even styles,
 * and nothing from another origin. The page has to work under it unchanged.
 */
/** Runs axe in the page; the serious and critical violations, one line each. */
const AUDIT = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
  .then(({ violations }) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`;

const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface Example {
  id: string;
  description: string;
  workload: Record<string, unknown>;
}

let t: TestApp;
let browser: Browser;
let base: string;
let activeVersion: string;
let optionIds: string[];
/** A shipped example on Kubernetes that has counterfactuals, so every part of the answer shows. */
let example: Example;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  await buildExplorer();
  mkdirSync(OUT, { recursive: true });
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const active = (await t.http().get('/v1/matrices/active').set('X-API-Key', KEYS.alice)).body as { version: string; document: { options: Record<string, unknown>; examples: Example[] } };
  activeVersion = active.version;
  optionIds = Object.keys(active.document.options);
  for (const candidate of active.document.examples.filter((e) => e.workload.orchestration === 'kubernetes')) {
    const answer = (await t.http().post('/v1/evaluations?dryRun=true').set('X-API-Key', KEYS.alice).send(candidate.workload)).body;
    if (answer.kubernetes?.runtimeClass && answer.counterfactuals?.length) {
      example = candidate;
      break;
    }
  }
  expect(example).toBeDefined();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The page's own CSP reports and script errors, collected for the whole visit. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const problems: string[] = [];
  // Page-side code is written as strings: this file is type-checked for Node, without the DOM.
  await context.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')))" });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, problems };
}

async function connect(page: Page, key: string): Promise<void> {
  const input = page.getByTestId('key-input');
  await input.fill(key);
  await input.press('Enter');
  await page.getByTestId('matrix-version').filter({ hasText: activeVersion }).waitFor();
}

async function evaluateExample(page: Page): Promise<void> {
  const select = page.getByTestId('example-select');
  await select.selectOption(example.id);
  expect(await page.getByLabel('Name (required)').inputValue()).toBe(example.workload.name);
  await page.getByTestId('evaluate-button').click();
  await page.getByTestId('record-id').waitFor();
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent())?.trim();

describe('decision explorer', () => {
  it('serves the page without a key, revalidated, its hashed assets cached for good, and nothing else under /explorer/', async () => {
    const page = await t.http().get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/explorer\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.filter((a) => /\.(js|css)$/.test(a))).toHaveLength(2);
    for (const asset of assets) {
      const res = await t.http().get(asset);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe(/-[A-Z0-9]{8}\./.test(asset) ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    for (const path of ['/explorer/', '/explorer/nope.js', '/explorer/index.html', '/index.html']) {
      const res = await t.http().get(path);
      expect([401, 404]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('is served at / and works under a strict Content-Security-Policy: evaluate, what-if, errors next to their field, matrix diff and impact', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
    });
    const { page, problems } = await watchedPage(context);
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);

    await connect(page, KEYS.alice);
    expect(await text(page, 'matrix-version')).toBe(activeVersion);
    // The key lives in this tab's sessionStorage only.
    const storage = await page.evaluate<{ session: string[]; local: number; url: string }>('({ session: Object.values(sessionStorage), local: localStorage.length, url: location.href })');
    expect(storage.session).toEqual([KEYS.alice]);
    expect(storage.local).toBe(0);
    expect(storage.url).not.toContain(KEYS.alice);

    await evaluateExample(page);
    const stored = (
      await t
        .http()
        .get(`/v1/evaluations/${await text(page, 'record-id')}`)
        .set('X-API-Key', KEYS.alice)
    ).body;
    expect(await text(page, 'recommendation')).toBe(stored.recommendation);
    expect(await text(page, 'confidence')).toBe(stored.confidence.level);
    const scores = page.getByTestId('score-chart').locator('[data-testid^="option-score-"]');
    expect((await scores.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).sort()).toEqual(optionIds.map((o) => `option-score-${o}`).sort());
    expect(await text(page, 'runtime-class')).toContain('kind: RuntimeClass');
    expect(await text(page, 'runtime-class')).toContain(`handler: ${stored.kubernetes.runtimeClass.handler}`);

    // The ADR comes as a Markdown download fetched with the key.
    const [adr] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-adr').click()]);
    expect(adr.suggestedFilename()).toBe(`adr-${stored.id}.md`);
    expect(readFileSync(await adr.path(), 'utf8')).toMatch(/^# Run "/);

    // The budget strip: one dry-run batch, one cell per budget.
    await page.getByTestId('budget-strip').waitFor();
    expect(await page.getByTestId('budget-strip').getByRole('button').count()).toBeGreaterThan(5);

    // The RuntimeClass goes to the clipboard as shown.
    await page.getByTestId('copy-runtime-class').click();
    await page.getByText('RuntimeClass copied.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(await page.getByTestId('runtime-class').textContent());

    // A counterfactual, pressed from the keyboard, gives the recommendation it promised.
    const counterfactual = page.getByTestId('counterfactual').first();
    const promised = (await counterfactual.getAttribute('data-option'))!;
    await counterfactual.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('moved').waitFor();
    await page
      .getByTestId('recommendation')
      .filter({ hasText: new RegExp(`^${promised}$`) })
      .waitFor();
    expect(await text(page, 'moved')).toContain(`promised ${promised}`);

    await page.evaluate('scrollTo(0, 0)');
    await page.screenshot({ path: join(OUT, 'desktop.png'), fullPage: true });
    await page.screenshot({ path: join(OUT, 'desktop-top.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(OUT, 'phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A slider moved from the keyboard re-evaluates once it settles, as a dry run.
    await page.locator('#slider-budget').focus();
    await page.keyboard.press('Home');
    await page.getByTestId('moved').filter({ hasText: 'startupBudgetMs → 10' }).waitFor();
    expect(await page.getByTestId('record-id').count()).toBe(0);

    // A value the schema refuses: the API's problem shows next to that field, which gets focus.
    const instances = page.locator('#f-scale-instances');
    await instances.fill('0');
    await page.getByTestId('stale').waitFor();
    await page.getByTestId('evaluate-button').click();
    const error = page.locator('[data-field="scale.instances"]').getByTestId('field-error-scale.instances');
    await error.waitFor();
    expect(await error.textContent()).toContain('scale.instances must not be less than 1');
    expect(await instances.getAttribute('aria-invalid')).toBe('true');
    expect(await instances.getAttribute('aria-describedby')).toContain((await error.getAttribute('id'))!);
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('f-scale-instances');
    await instances.fill('3');
    await page.getByTestId('evaluate-button').click();
    await error.waitFor({ state: 'detached' });

    // Matrix versions: the structured diff for anyone, the impact analysis for admins only.
    await page.getByTestId('diff-button').click();
    await page.getByTestId('matrix-diff').waitFor();
    expect(await text(page, 'matrix-diff')).toMatch(/→/);
    await page.getByTestId('impact-button').click();
    await page.getByRole('alert').filter({ hasText: 'admin' }).waitFor();
    await connect(page, KEYS.admin);
    await page.getByTestId('impact-button').click();
    await page.getByTestId('impact-transitions').waitFor();
    expect(Number(await text(page, 'impact-changed'))).toBeGreaterThanOrEqual(0);

    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('works under the security headers the service itself sends', async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    const response = await page.goto(`${base}/`);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    // The service's own policy (helmet) covers the page too, and the page works under it.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await connect(page, KEYS.bob);
    await evaluateExample(page);
    expect(await text(page, 'recommendation')).toMatch(/^[a-z]+$/);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('has no serious or critical axe-core violation, at desktop and phone widths', async () => {
    // axe is injected as an inline script, which a strict CSP rightly refuses; this visit
    // bypasses CSP only to let the checker in (the test above proves the page under CSP).
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const { page } = await watchedPage(context);
    await page.goto(`${base}/`);
    await connect(page, KEYS.alice);
    await evaluateExample(page);
    await page.getByTestId('counterfactual').first().click();
    await page.getByTestId('moved').waitFor();
    await page.getByTestId('budget-strip').waitFor();
    await page.getByTestId('diff-button').click();
    await page.getByTestId('matrix-diff').waitFor();
    await page.addScriptTag({ path: AXE });
    const audit = () => page.evaluate<string[]>(AUDIT);
    expect(await audit()).toEqual([]);
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await audit()).toEqual([]);
    await context.close();
  }, 90_000);
});
