import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

// A person in a browser: open /docs, authorise, pick one of the brief's examples, execute.
// Needs Debian's Chromium (`apt-get install -y chromium`); .ci/run installs it.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Swagger UI', () => {
  it('sends a domain example and shows the stored answer', async () => {
    const page = await browser.newPage();
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await page.goto(`${base}/docs`);
    await page.waitForFunction(() => (globalThis as unknown as { ui?: unknown }).ui !== undefined);
    await page.evaluate((key) => (globalThis as unknown as { ui: { preauthorizeApiKey: (n: string, k: string) => void } }).ui.preauthorizeApiKey('api-key', key), KEYS.alice);

    const operation = page.locator('#operations-evaluations-createEvaluation');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const examples = operation.locator('.examples-select select');
    const labels = await examples.locator('option').allTextContents();
    expect(labels).toEqual(expect.arrayContaining([expect.stringContaining('Serverless / FaaS platform running customer code (expect microvm)')]));
    await examples.selectOption(await examples.locator('option', { hasText: 'Serverless' }).getAttribute('value'));
    await operation.getByRole('button', { name: 'Execute' }).click();

    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('201');
    expect(await operation.locator('.live-responses-table tbody .response-col_description').first().textContent()).toContain('"recommendation": "microvm"');
  }, 60_000);
});
