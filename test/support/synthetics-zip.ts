import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { buildSyntheticsZip } from '../../build.mjs';

const STAND_IN = fileURLToPath(new URL('./synthetics-stand-in', import.meta.url));

export interface Manifest {
  zipFile: string;
  sha256: string;
  bundleBytes: number;
  zipBytes: number;
}

/** What the stand-in for @aws/synthetics-playwright saw. */
export interface StandInRecord {
  steps: { name: string; passed: boolean; error: Error | null; durationMs: number }[];
  touched: string[];
}

export interface HandlerOptions {
  metricsDeadlineMs?: number;
  secretDeadlineMs?: number;
}

export interface UnpackedCanary {
  readonly manifest: Manifest;
  readonly zip: Buffer;
  /** Every file in the zip, by name. */
  readonly entries: Record<string, Uint8Array>;
  readonly handler: () => Promise<void>;
  readonly createHandler: (options?: HandlerOptions) => () => Promise<void>;
  readonly standIn: StandInRecord;
  remove(): void;
}

/** Builds into a temporary directory, with the same code `npm run build` runs. */
export async function buildInto(outDir: string): Promise<{ manifest: Manifest; zip: Buffer }> {
  const manifest = (await buildSyntheticsZip({ outDir })) as Manifest;
  return { manifest, zip: readFileSync(path.join(outDir, path.basename(manifest.zipFile))) };
}

/**
 * Builds the zip, unpacks it the way the runtime does (the handler file at the root, outside any package.json
 * of ours, so index.js loads as CommonJS), puts the stand-in where the runtime's own library would resolve,
 * and loads the handler with Node's require, bypassing vitest's transforms.
 */
export async function buildAndUnpack(): Promise<UnpackedCanary> {
  const root = mkdtempSync(path.join(tmpdir(), 'zooid-canary-zip-'));
  const { manifest, zip } = await buildInto(path.join(root, 'build'));
  const entries = unzipSync(zip);
  const app = path.join(root, 'app');
  for (const [name, bytes] of Object.entries(entries)) {
    mkdirSync(path.dirname(path.join(app, name)), { recursive: true });
    writeFileSync(path.join(app, name), bytes);
  }
  const library = path.join(app, 'node_modules', '@aws', 'synthetics-playwright');
  cpSync(STAND_IN, library, { recursive: true });
  const load = createRequire(path.join(app, 'loader.js'));
  const canary = load('./index.js') as { handler: () => Promise<void>; createHandler: UnpackedCanary['createHandler'] };
  const { standInRecord } = load('@aws/synthetics-playwright') as { standInRecord: StandInRecord };
  return {
    manifest,
    zip,
    entries,
    handler: canary.handler,
    createHandler: canary.createHandler,
    standIn: standInRecord,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
