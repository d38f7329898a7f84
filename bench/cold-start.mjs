/**
 * Cold start of the Synthetics code: the zip that build.mjs made, unpacked as the runtime does (index.js at the
 * root, loaded as CommonJS), imported by a fresh Node against a bare `node -e ""`, alternating. The runtime's
 * own library is external to the bundle, so a stub of it sits where the runtime's would resolve. Also the
 * bundle's and the zip's sizes, which packages the bytes come from, and which part the import time goes to.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { unzipSync } from 'fflate';
import { BUNDLE_OPTIONS } from '../build.mjs';
import { GOALS } from './goals.mjs';
import { kib, ms, ratio, spread } from './format.mjs';
import { timeProcess } from './process-timing.mjs';
import { bytesBySource } from './source-map-bytes.mjs';
import { median, summary } from './stats.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNTIME_STUB = fileURLToPath(new URL('./synthetics-runtime-stub', import.meta.url));
const PROCESS_PAIRS = 15;
const PART_IMPORTS = 5;
const LARGEST_AWS_PACKAGES_SHOWN = 4;

export async function measureColdStart() {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist/synthetics/manifest.json'), 'utf8'));
  const entries = unzipSync(readFileSync(path.join(REPO_ROOT, manifest.zipFile)));
  const handlerFile = ['index.js', 'index.mjs', 'index.cjs'].find((name) => name in entries);
  if (handlerFile === undefined) throw new Error(`no index.js/.mjs/.cjs at the root of ${manifest.zipFile}`);
  const app = mkdtempSync(path.join(tmpdir(), 'zooid-canary-bench-'));
  try {
    for (const [name, bytes] of Object.entries(entries)) {
      mkdirSync(path.dirname(path.join(app, name)), { recursive: true });
      writeFileSync(path.join(app, name), bytes);
    }
    cpSync(RUNTIME_STUB, path.join(app, 'node_modules/@aws/synthetics-playwright'), { recursive: true });
    const bareWall = [];
    const importWall = [];
    const importOnly = [];
    for (let i = 0; i < PROCESS_PAIRS; i++) {
      bareWall.push((await timeProcess(process.execPath, ['-e', ''], { cwd: app })).wallMs);
      const imported = await timeProcess(process.execPath, ['--input-type=module', '-e', importScript(path.join(app, handlerFile))], { cwd: app });
      importWall.push(imported.wallMs);
      importOnly.push(Number(imported.stdout.trim()));
    }
    const overBare = median(importWall) - median(bareWall);
    const parts = await importTimeByPart(app);
    const packages = bundleBytesByPart(manifest, Buffer.from(entries[handlerFile]).toString('latin1'));
    return [
      { metric: 'bare node -e ""', measured: spread(summary(bareWall)) },
      { metric: `node importing the handler (${handlerFile} from the zip)`, measured: spread(summary(importWall)) },
      {
        metric: 'handler import over bare node',
        measured: `${ms(overBare)} (in-process require ${ms(median(importOnly))})`,
        goal: `< ${GOALS.importOverBareMs} ms`,
        ok: overBare < GOALS.importOverBareMs,
      },
      {
        metric: 'import by part, each bundled alone (in-process require, median of 5)',
        measured: `probe core (nostr-tools, ws) ${ms(parts.core)}; the two AWS SDK clients ${ms(parts.aws)}`,
      },
      {
        metric: 'bundle (minified index.js)',
        measured: `${kib(manifest.bundleBytes)} (${manifest.bundleBytes} B)`,
        goal: `< ${kib(GOALS.bundleBytes)}`,
        ok: manifest.bundleBytes < GOALS.bundleBytes,
      },
      { metric: 'zip', measured: `${kib(manifest.zipBytes)} (${ratio(manifest.bundleBytes / manifest.zipBytes)} compression)` },
      { metric: 'bundle bytes by part (from its source map)', measured: describeParts(packages) },
    ];
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

/** Prints the import's own time as well, measured inside the process, free of the process's start and exit. */
function importScript(handlerPath) {
  const load = handlerPath.endsWith('.mjs')
    ? `await import(${JSON.stringify(handlerPath)})`
    : `(await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(handlerPath)})`;
  return `const t = performance.now(); ${load}; console.log(performance.now() - t);`;
}

/**
 * Which part the import time goes to: the probe's core, and the AWS SDK clients and commands the handler uses,
 * each bundled alone with build.mjs's options and required in fresh processes, so these two figures are an
 * attribution, not the goal's figure.
 */
async function importTimeByPart(dir) {
  const options = { ...BUNDLE_OPTIONS, absWorkingDir: REPO_ROOT, logLevel: 'silent' };
  const parts = {
    core: { entryPoints: ['canary/core/canary-run.ts'] },
    aws: {
      stdin: {
        contents: `export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
export { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';`,
        resolveDir: REPO_ROOT,
      },
    },
  };
  const medians = {};
  for (const [name, entry] of Object.entries(parts)) {
    const outfile = path.join(dir, `part-${name}.js`);
    await build({ ...options, ...entry, outfile });
    const times = [];
    for (let i = 0; i < PART_IMPORTS; i++) {
      const { stdout } = await timeProcess(process.execPath, ['-e', `const t = performance.now(); require(${JSON.stringify(outfile)}); console.log(performance.now() - t);`]);
      times.push(Number(stdout.trim()));
    }
    medians[name] = median(times);
  }
  return medians;
}

const AWS_PART = 'AWS SDK clients and their dependencies';
const OURS = 'canary (ours)';
/** Every package not named here is counted with the AWS SDK: the handler has no other dependencies. */
const OTHER_PARTS = [
  ['ws', (name) => name === 'ws'],
  ['nostr-tools, @noble, @scure', (name) => name === 'nostr-tools' || name.startsWith('@noble/') || name.startsWith('@scure/')],
  [OURS, (name) => name === OURS],
];

/** The real bundle's bytes by package, each package tagged with its part, largest first. */
function bundleBytesByPart(manifest, bundleText) {
  const map = JSON.parse(readFileSync(path.join(REPO_ROOT, manifest.zipFile.replace(/\.zip$/, '.js.map')), 'utf8'));
  const byPackage = new Map();
  for (const [source, bytes] of bytesBySource(map, bundleText)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? OURS;
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytes);
  }
  return [...byPackage]
    .map(([name, bytes]) => ({ name, bytes, part: OTHER_PARTS.find(([, holds]) => holds(name))?.[0] ?? AWS_PART }))
    .sort((a, b) => b.bytes - a.bytes);
}

function describeParts(packages) {
  const total = (part) => packages.filter((entry) => entry.part === part).reduce((sum, { bytes }) => sum + bytes, 0);
  const largestAws = packages.filter(({ part }) => part === AWS_PART).slice(0, LARGEST_AWS_PACKAGES_SHOWN);
  return [
    `${AWS_PART} ${kib(total(AWS_PART))} (${largestAws.map(({ name, bytes }) => `${name} ${kib(bytes)}`).join(', ')})`,
    ...OTHER_PARTS.map(([part]) => `${part} ${kib(total(part))}`),
  ].join('; ');
}
