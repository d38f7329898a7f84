/**
 * The deploy plugins' pure parts: rate expressions, the package-time canary checks, and the code manifest
 * check that keeps a stale build from shipping under a new key.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canaryProblems } from '../infra/lib/canary-rules.mjs';
import { loadCodeArtifact } from '../infra/lib/code-artifact.mjs';
import { ratePeriodSeconds } from '../infra/lib/schedule.mjs';

describe('ratePeriodSeconds', () => {
  it.each([
    ['rate(5 minutes)', 300],
    ['rate(1 minute)', 60],
    ['rate(1 hour)', 3600],
    ['rate(0 minute)', 0],
  ])('%s is %i s', (expression, seconds) => expect(ratePeriodSeconds(expression)).toBe(seconds));

  it.each(['cron(0/5 * * * ? *)', 'rate(5 min)', 'every 5 minutes', 'rate(2 hours)'])('refuses %s, saying what to write', (expression) => {
    expect(() => ratePeriodSeconds(expression)).toThrow(/rate\((5 minutes|1 hour)\)/);
  });
});

describe('canaryProblems', () => {
  const canary = (overrides: Record<string, unknown> = {}) => ({
    Type: 'AWS::Synthetics::Canary',
    Properties: {
      Name: 'zooid-prod',
      RuntimeVersion: 'syn-nodejs-playwright-8.0',
      Schedule: { Expression: 'rate(5 minutes)' },
      RunConfig: { TimeoutInSeconds: 60, EnvironmentVariables: { TIMEOUT_SECONDS: '10' } },
      ...overrides,
    },
  });

  it('finds nothing wrong with the defaults, or with a run-once canary', () => {
    expect(canaryProblems({ A: canary(), B: canary({ Schedule: { Expression: 'rate(0 minute)' } }), Bucket: { Type: 'AWS::S3::Bucket' } })).toEqual([]);
  });

  it('counts every relay of a RELAY_URL list against the run timeout: the handler probes them one after another', () => {
    const relays = (list: string) => canary({ RunConfig: { TimeoutInSeconds: 60, EnvironmentVariables: { TIMEOUT_SECONDS: '10', RELAY_URL: list } } });
    expect(canaryProblems({ A: relays('wss://a.example, wss://b.example') })).toEqual([]);
    expect(canaryProblems({ A: relays('wss://a,wss://b,wss://c,wss://d,wss://e,wss://f') })).toEqual([
      expect.stringMatching(/^A: TIMEOUT_SECONDS 10 x 6 relays \(probed one after another\) must be positive and below the run timeout \(60 s\)/),
    ]);
  });

  it('reports every problem of every canary at once, naming the parameter to change', () => {
    const problems = canaryProblems({
      A: canary({ Name: 'Zooid-Production-Canary', RuntimeVersion: 'syn-nodejs-playwright-3.0' }),
      B: canary({ Schedule: { Expression: 'rate(1 minute)' }, RunConfig: { TimeoutInSeconds: 45, EnvironmentVariables: { TIMEOUT_SECONDS: '50' } } }),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^A: canary name "Zooid-Production-Canary" must be 1-21 .*canaryName/),
      expect.stringMatching(/^A: runtime "syn-nodejs-playwright-3.0" is not a Playwright runtime on Node.js 22.*runtimeVersion/),
      expect.stringMatching(/^B: run timeout 45 s must be at most half the schedule's period \(60 s\)/),
      expect.stringMatching(/^B: TIMEOUT_SECONDS 50 must be positive and below the run timeout \(45 s\)/),
    ]);
  });
});

describe('loadCodeArtifact', () => {
  const roots: string[] = [];
  const tempRoot = () => {
    roots.push(mkdtempSync(path.join(tmpdir(), 'zooid-code-')));
    return roots.at(-1)!;
  };
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  function repoWith(zip: string, manifest: (sha256: string) => unknown) {
    const root = tempRoot();
    mkdirSync(path.join(root, 'dist', 'synthetics'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'synthetics', 'z.zip'), zip);
    const sha256 = createHash('sha256').update(zip).digest('hex');
    writeFileSync(path.join(root, 'dist', 'synthetics', 'manifest.json'), JSON.stringify(manifest(sha256)));
    return { root, sha256 };
  }

  it('keys the code by the hash of the zip bytes', async () => {
    const { root, sha256 } = repoWith('code', (sha) => ({ zipFile: 'dist/synthetics/z.zip', sha256: sha }));
    expect(await loadCodeArtifact(root)).toMatchObject({ sha256, s3Key: `canary-code/${sha256}.zip`, zipBytes: 4 });
  });

  it('refuses a manifest whose hash is not the zip’s (a stale build)', async () => {
    const { root } = repoWith('new code', () => ({ zipFile: 'dist/synthetics/z.zip', sha256: 'a'.repeat(64) }));
    await expect(loadCodeArtifact(root)).rejects.toThrow(/does not match the sha256 .* run `node build.mjs`/);
  });

  it('says to build when there is no manifest or no zip', async () => {
    await expect(loadCodeArtifact(tempRoot())).rejects.toThrow(/cannot read the canary code manifest .*ENOENT.* run `node build.mjs`/);
    const { root } = repoWith('code', (sha) => ({ zipFile: 'dist/synthetics/gone.zip', sha256: sha }));
    await expect(loadCodeArtifact(root)).rejects.toThrow(/gone.zip, which cannot be read/);
  });
});
