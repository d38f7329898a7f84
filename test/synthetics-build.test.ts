import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, type Manifest } from './support/synthetics-zip.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Modules the bundle may leave to the runtime: its own Synthetics library and ws's optional native speed-ups. */
const LEFT_TO_THE_RUNTIME = ['@aws/synthetics-playwright', 'bufferutil', 'utf-8-validate'];

let root: string;
let first: { manifest: Manifest; zip: Buffer; outDir: string };
let second: { manifest: Manifest; zip: Buffer; outDir: string };

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'zooid-canary-build-'));
  const build = async (name: string) => {
    const outDir = path.join(root, name);
    mkdirSync(outDir);
    // Leftovers of an earlier build, and a file that is not ours to remove.
    writeFileSync(path.join(outDir, 'zooid-canary-0000000000000000.zip'), 'old');
    writeFileSync(path.join(outDir, 'zooid-canary-0000000000000000.js.map'), 'old');
    writeFileSync(path.join(outDir, 'handler.js'), '// tsc output lives here too');
    return { ...(await buildInto(outDir)), outDir };
  };
  first = await build('one');
  second = await build('two');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What Python's zipfile (an independent reader) sees in the zip. */
function pythonZipInfo(zipPath: string): { name: string; date: number[]; mode: number; system: number }[] {
  const script = `import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps([{"name": i.filename, "date": list(i.date_time), "mode": i.external_attr >> 16, "system": i.create_system} for i in z.infolist()]))`;
  return JSON.parse(execFileSync('python3', ['-c', script, zipPath], { encoding: 'utf8' }));
}

describe('build.mjs', () => {
  it('is reproducible: two builds of the same sources give the same bytes', () => {
    expect(second.manifest.sha256).toBe(first.manifest.sha256);
    expect(second.zip.equals(first.zip)).toBe(true);
  });

  it('writes a manifest naming the zip by its content hash, with sizes', () => {
    const { manifest, zip, outDir } = first;
    const sha256 = createHash('sha256').update(zip).digest('hex');
    expect(manifest).toEqual({
      zipFile: path.relative(REPO_ROOT, path.join(outDir, `zooid-canary-${sha256.slice(0, 16)}.zip`)),
      sha256,
      bundleBytes: unzipSync(zip)['index.js']?.length,
      zipBytes: zip.length,
    });
  });

  it('puts only index.js at the zip root, with a fixed date and rw-r--r-- permissions', () => {
    expect(pythonZipInfo(path.join(first.outDir, path.basename(first.manifest.zipFile)))).toEqual([
      { name: 'index.js', date: [1980, 1, 1, 0, 0, 0], mode: 0o100644, system: 3 },
    ]);
  });

  it('replaces the zips and maps of earlier builds and leaves other files alone', () => {
    const name = path.basename(first.manifest.zipFile, '.zip');
    expect(readdirSync(first.outDir).sort()).toEqual(['handler.js', 'manifest.json', `${name}.js.map`, `${name}.zip`]);
  });

  it('bundles every dependency except the runtime-provided Synthetics library', () => {
    const bundle = Buffer.from(unzipSync(first.zip)['index.js'] ?? []).toString('utf8');
    // `[require(...)` only appears inside the SDK's error messages, as advice.
    const required = new Set([...bundle.matchAll(/(?<!\[)require\("([^"]+)"\)/g)].map((match) => match[1] ?? ''));
    const packages = [...required].filter((name) => !isBuiltin(name));
    expect(packages.sort()).toEqual(LEFT_TO_THE_RUNTIME.filter((name) => required.has(name)).sort());
    expect(required.has('@aws/synthetics-playwright')).toBe(true);
  });

  it('carries no path of the machine that built it', () => {
    const bundle = Buffer.from(unzipSync(first.zip)['index.js'] ?? []).toString('utf8');
    for (const local of [REPO_ROOT, root, tmpdir(), process.env.HOME ?? '/nonexistent-home']) expect(bundle).not.toContain(local);
    expect(existsSync(path.join(first.outDir, 'index.js'))).toBe(false);
  });
});
