/**
 * Runs `serverless package` on a private copy of infra/ (so tests can run side by side and never touch the
 * working tree's infra/.serverless), with no AWS credentials, a throwaway HOME, and no network at all where
 * the machine lets us make a network namespace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVERLESS_BIN = path.join(REPO_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');

/** The framework's names for what `package` writes. */
export const UPDATE_TEMPLATE = 'cloudformation-template-update-stack.json';

export type Template = {
  Resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
  Outputs?: Record<string, any>;
};

export interface Scaffold {
  /** Root of the copy: infra/, dist/synthetics/ and a node_modules link, laid out like the repository. */
  readonly root: string;
  readonly manifestPath: string;
}

/** A copy of infra/ beside the given canary zip and its manifest (the shape build.mjs writes). */
export function scaffoldWith(zip: Buffer): Scaffold {
  const root = mkdtempSync(path.join(tmpdir(), 'zooid-infra-'));
  cpSync(path.join(REPO_ROOT, 'infra'), path.join(root, 'infra'), {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}.serverless`),
  });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const manifestPath = path.join(root, 'dist', 'synthetics', 'manifest.json');
  writeCode(root, zip);
  return { root, manifestPath };
}

/** Replaces the scaffold's zip and manifest, as a rebuild would. */
export function writeCode(root: string, zip: Buffer): string {
  const sha256 = createHash('sha256').update(zip).digest('hex');
  const zipFile = `dist/synthetics/zooid-canary-${sha256.slice(0, 16)}.zip`;
  mkdirSync(path.join(root, 'dist', 'synthetics'), { recursive: true });
  writeFileSync(path.join(root, zipFile), zip);
  const manifest = { zipFile, sha256, bundleBytes: zip.length, zipBytes: zip.length };
  writeFileSync(path.join(root, 'dist', 'synthetics', 'manifest.json'), JSON.stringify(manifest));
  return sha256;
}

/**
 * The real canary zip, built by build.mjs into a private directory (not the shared dist/, which other tests
 * and the working tree use).
 */
export async function buildCanaryZip(): Promise<Buffer> {
  const buildScript = path.join(REPO_ROOT, 'build.mjs');
  if (!existsSync(buildScript)) throw new Error(`${buildScript} is missing: the infra tests package the real canary zip`);
  const { buildSyntheticsZip } = await import(buildScript);
  const outDir = mkdtempSync(path.join(tmpdir(), 'zooid-build-'));
  try {
    const manifest = await buildSyntheticsZip({ outDir });
    return readFileSync(path.resolve(REPO_ROOT, manifest.zipFile));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Removes a scaffold (its node_modules link, not what the link points at). */
export function removeScaffold(scaffold: Scaffold): void {
  rmSync(scaffold.root, { recursive: true, force: true });
}

export interface PackageRun {
  readonly ok: boolean;
  readonly output: string;
  readonly seconds: number;
  readonly offline: boolean;
  readonly template?: Template;
  readonly templatePath: string;
}

const canIsolateNetwork = spawnSync('unshare', ['-n', 'true']).status === 0;

export async function serverlessPackage(scaffold: Scaffold, args: string[] = []): Promise<PackageRun> {
  const outDir = mkdtempSync(path.join(scaffold.root, 'package-'));
  const home = mkdtempSync(path.join(scaffold.root, 'home-'));
  const command = [process.execPath, SERVERLESS_BIN, 'package', '--package', outDir, ...args];
  const [file, ...argv] = canIsolateNetwork ? ['unshare', '-n', ...command] : command;
  const started = performance.now();
  const child = spawn(file!, argv, {
    cwd: path.join(scaffold.root, 'infra'),
    // Nothing AWS: no keys, no profile, no config files.
    env: { PATH: process.env.PATH, HOME: home, CI: '1', SLS_TELEMETRY_DISABLED: '1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  const templatePath = path.join(outDir, UPDATE_TEMPLATE);
  return {
    ok: code === 0,
    output,
    seconds: (performance.now() - started) / 1000,
    offline: canIsolateNetwork,
    templatePath,
    ...(code === 0 ? { template: JSON.parse(readFileSync(templatePath, 'utf8')) as Template } : {}),
  };
}
