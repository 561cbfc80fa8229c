import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Browser choice, in order: an explicit env variable, Debian's Chromium, then Playwright's own
 * (after `npx playwright install chromium`). */
function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH || process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

export const chromiumLaunchOptions = {
  executablePath: chromiumPath(),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};

/** Specs that assert no main-thread task over 500 ms (PerformanceObserver 'longtask'). */
const LONG_TASK_SPECS = ['**/scale.spec.ts', '**/import-large.spec.ts'];

/** Port of the preview server; several checkouts on one machine each set their own. */
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  // No retries: a test that needs one is flaky and is fixed by waiting for a condition.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: LONG_TASK_SPECS,
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions },
    },
    {
      // The specs that fail on a main-thread task over 500 ms run last and one at a time: a
      // second browser working beside them on a 2-core machine makes every task longer, so they
      // would measure the other test, not the app. Their bound stays as it is.
      name: 'long-tasks',
      testMatch: LONG_TASK_SPECS,
      dependencies: ['chromium'],
      workers: 1,
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
