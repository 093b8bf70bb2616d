// Shared by the store's end-to-end tests and (hook for the edge engineer) the edge tests:
// build a real bundle with the native CLI, start the real server on a free port, drive Chromium.
// An edge test can call startTestStore() for the origin, put the edge worker in front of it and
// run the same `shopFlow(page, edgeUrl)`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignArm } from '../../server/experiment.js';

const here = dirname(fileURLToPath(import.meta.url));
export const STORE_DIR = resolve(here, '..', '..');
export const REPO_DIR = resolve(STORE_DIR, '..');
export const CLI = join(REPO_DIR, 'build', 'native-release', 'bin', 'cartlift');
export const TRAIN = join(REPO_DIR, 'data', 'online-retail', 'orders-2010-12_2011-05.csv.gz');
export const TEST = join(REPO_DIR, 'data', 'online-retail', 'orders-2011-06_2011-08.csv.gz');
export const CATALOG = join(REPO_DIR, 'data', 'online-retail', 'catalog.json');
// The demo's merchant rules (bundles, volume tiers, reward), as scripts/demo.sh builds with them.
export const RULES = join(STORE_DIR, 'rules.json');
export const SHOTS = join(REPO_DIR, 'build', 'test-output');

export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function ensureCli() {
  if (!existsSync(CLI)) {
    execFileSync('cmake', ['--preset', 'native-release'], { cwd: REPO_DIR, stdio: 'inherit' });
    execFileSync('cmake', ['--build', '--preset', 'native-release'], { cwd: REPO_DIR, stdio: 'inherit' });
  }
}

/** A fresh working folder with a bundle built by the native CLI from the training orders. */
export function buildFixture() {
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'cartlift-store-'));
  const bundle = join(dir, 'bundle.json');
  execFileSync(CLI, ['build', '--quiet', '--orders', TRAIN, '--catalog', CATALOG, '--rules', RULES, '-o', bundle], { stdio: ['ignore', 'inherit', 'inherit'] });
  // The dashboard's quality numbers must be those `cartlift eval` prints for the same split.
  const evalFile = join(dir, 'eval.json');
  execFileSync(CLI, ['eval', '--quiet', '--train', TRAIN, '--test', TEST, '--catalog', CATALOG, '--json', evalFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { dir, bundle, evalFile, varDir: join(dir, 'var') };
}

export async function startTestStore(fixture, overrides = {}) {
  const { startStore } = await import('../../server/app.js');
  const quiet = { log() {}, error: (...a) => console.error(...a) };
  return startStore(
    { port: 0, bundle: fixture.bundle, eval: fixture.evalFile, varDir: fixture.varDir, ...overrides },
    { log: quiet },
  );
}

/** A visitor id that the experiment puts in `arm` (deterministic: first match in a fixed sequence). */
export function visitorIn(arm, prefix = 'v-test') {
  for (let i = 0; ; i++) {
    const id = `${prefix}${String(i).padStart(4, '0')}`;
    if (assignArm(id) === arm) return id;
  }
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: BROWSER_ARGS });
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
