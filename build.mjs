#!/usr/bin/env node
/**
 * Builds the CloudWatch Synthetics code: one esbuild bundle of canary/synthetics/handler.ts (the probe,
 * nostr-tools, ws and the two AWS SDK clients) as `index.js` at the root of a zip, Handler `index.handler`.
 *
 * The zip is reproducible: one entry, fixed timestamp and permissions, compressed by fflate (pure JS, so the
 * bytes do not depend on the zlib that Node was built with). Its name carries its content hash, and
 * `manifest.json` beside it names it for the deploy plugin (infra/lib/code-artifact.mjs), so CloudFormation
 * sees a new S3 key exactly when the code changes.
 *
 * The source map stays out of the zip: the handler never needs it to run, and our stack traces are rare (relay
 * faults are verdicts, not exceptions). It is written beside the zip under the same hash, to decode a stack
 * trace from exactly that build.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

const REPO_ROOT = path.dirname(fileURLToPath(import.meta.url));
export const HANDLER_FILE = 'index.js';
/** Provided by the Synthetics runtime; bundling our own copy would shadow it. */
export const RUNTIME_LIBRARY = '@aws/synthetics-playwright';
/** DOS time cannot go below 1980. Built from local-time fields, as the zip format stores them, so any TZ gives the same bytes. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Unix regular file, rw-r--r--: the runtime must be able to read it, nothing more. */
const FILE_ATTRS = 0o100644 << 16;
const UNIX = 3;
const ZIP_PREFIX = 'zooid-canary-';

/** How the handler is bundled; the benchmark bundles parts of it the same way to attribute import time. */
export const BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  // The Synthetics runtime is Node 22; node20 output also runs on the Node 20 used here for the tests.
  target: 'node20',
  // CommonJS: the zip has no package.json, so the runtime loads index.js as CommonJS, and the SDK's and
  // ws's own require() calls of Node built-ins keep working inside the bundle.
  format: 'cjs',
  // Prefer each package's ES module build: esbuild can drop what is never imported only from ES modules, which
  // takes about 190 KB of unused AWS SDK commands and serializers out of the bundle (CommonJS builds keep all).
  mainFields: ['module', 'main'],
  minify: true,
  // ws loads these optional native speed-ups when present and falls back to JS without them.
  external: ['bufferutil', 'utf-8-validate'],
});

/**
 * Bundles and zips into `outDir` (default dist/synthetics), removing zips and maps of earlier builds there.
 * Resolves to { zipFile, sha256, bundleBytes, zipBytes }, also written to `outDir/manifest.json`.
 */
export async function buildSyntheticsZip({ outDir = path.join(REPO_ROOT, 'dist', 'synthetics') } = {}) {
  const result = await build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: REPO_ROOT,
    entryPoints: ['canary/synthetics/handler.ts'],
    outfile: path.join(outDir, HANDLER_FILE),
    sourcemap: 'external',
    external: [RUNTIME_LIBRARY, ...BUNDLE_OPTIONS.external],
    write: false,
    logLevel: 'warning',
  });
  const bundle = result.outputFiles.find((file) => file.path.endsWith(HANDLER_FILE));
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
  if (bundle === undefined || map === undefined) throw new Error('esbuild produced no bundle or no source map');

  const zip = zipSync({ [HANDLER_FILE]: [bundle.contents, { mtime: FIXED_MTIME, os: UNIX, attrs: FILE_ATTRS, level: 9 }] });
  const sha256 = createHash('sha256').update(zip).digest('hex');
  const name = `${ZIP_PREFIX}${sha256.slice(0, 16)}`;
  const zipPath = path.join(outDir, `${name}.zip`);

  await mkdir(outDir, { recursive: true });
  await writeFile(zipPath, zip);
  await writeFile(path.join(outDir, `${name}.js.map`), map.contents);
  await removeEarlierBuilds(outDir, name);
  const manifest = { zipFile: path.relative(REPO_ROOT, zipPath), sha256, bundleBytes: bundle.contents.length, zipBytes: zip.length };
  // Written last: the manifest never names a zip that is not there yet.
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function removeEarlierBuilds(outDir, keep) {
  for (const file of await readdir(outDir)) {
    const earlier = file.startsWith(ZIP_PREFIX) && (file.endsWith('.zip') || file.endsWith('.js.map')) && !file.startsWith(`${keep}.`);
    if (earlier) await rm(path.join(outDir, file), { force: true });
  }
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const manifest = await buildSyntheticsZip();
  console.log(`bundle ${HANDLER_FILE}: ${manifest.bundleBytes} bytes (${kib(manifest.bundleBytes)})`);
  console.log(`zip ${manifest.zipFile}: ${manifest.zipBytes} bytes (${kib(manifest.zipBytes)}), sha256 ${manifest.sha256}`);
}
