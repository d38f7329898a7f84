// `npm run grafana`: regenerates infra/grafana/dashboard.json and alert-rules.json.
//
// The generator is TypeScript that imports canary/metrics, and Node 20 cannot run TypeScript. Rather than add a
// build step or a TS runner, esbuild (already a devDependency) bundles generate.ts into one temporary ES module,
// which is imported and run; this works from a clean clone right after `npm ci`.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'zooid-grafana-'));
try {
  const outfile = join(outDir, 'generate.mjs');
  await build({
    entryPoints: [join(here, 'generate.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  const { writeGeneratedFiles } = await import(pathToFileURL(outfile).href);
  for (const path of writeGeneratedFiles(repoRoot)) console.log(`wrote ${path}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
