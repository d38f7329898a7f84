/** `zooid-canary --secret-id`, as a process, reading the key from moto_server's Secrets Manager. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nsecEncode } from 'nostr-tools/nip19';
import { bytesToHex } from 'nostr-tools/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRelay } from '../canary/relay/local-relay.js';
import { runCli, type CliRun } from './support/cli-process.js';
import { motoClients } from './support/moto-clients.js';
import { MOTO_CREDENTIALS, startMoto, type Moto } from './support/moto-server.js';
import { GROUP, relayWithMember } from './support/probe-fixture.js';

const RECORD_MODULE_LOADS = fileURLToPath(new URL('./support/record-module-loads.mjs', import.meta.url));
/** Node 20 here: the SDK's notice that its 2027 releases need Node 22 would be the only thing on stderr. */
const AWS_ENV = { ...MOTO_CREDENTIALS, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

let moto: Moto;
let relay: LocalRelay;
let aws: ReturnType<typeof motoClients>;
let hexKey: string;
let nsec: string;

beforeAll(async () => {
  const [started, fixture] = await Promise.all([startMoto(), relayWithMember()]);
  moto = started;
  relay = fixture.relay;
  hexKey = bytesToHex(fixture.secretKey);
  nsec = nsecEncode(fixture.secretKey);
  aws = motoClients(moto.endpoint);
});

afterAll(async () => {
  aws?.destroy();
  await Promise.all([relay?.close(), moto?.stop()]);
});

function probeWithSecret(secretId: string, ...flags: string[]): Promise<CliRun> {
  return runCli(['--relay', relay.url, '--group', GROUP, '--secret-id', secretId, ...flags], { ...AWS_ENV, AWS_ENDPOINT_URL: moto.endpoint });
}

function expectNoKeyIn(run: CliRun): void {
  for (const secret of [hexKey, nsec]) expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
}

describe('zooid-canary --secret-id', () => {
  it('reads a bare key from Secrets Manager and passes, without CANARY_SECRET_KEY', async () => {
    const run = await probeWithSecret(await aws.createSecret(hexKey));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS relay=/);
    expectNoKeyIn(run);
  });

  it('reads a JSON {"seckey": "nsec1..."} secret', async () => {
    const run = await probeWithSecret(await aws.createSecret(JSON.stringify({ seckey: nsec })), '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, reason: null });
    expectNoKeyIn(run);
  });

  it('exits 1 with reason secret and the AWS error name when Secrets Manager says no', async () => {
    const run = await probeWithSecret('zooid-canary/test/no-such-secret', '--json');
    expect(run.code).toBe(1);
    const verdict = JSON.parse(run.stdout);
    expect(verdict).toMatchObject({ ok: false, reason: 'secret', phase: null, relay: relay.url, group: GROUP, eventId: null });
    expect(verdict.message).toMatch(/^Secrets Manager refused GetSecretValue for "zooid-canary\/test\/no-such-secret": ResourceNotFoundException: /);
  });

  it('exits 2 (configuration) when the secret holds something that is not a key, without quoting it', async () => {
    const value = `${hexKey.slice(0, 40)}-truncated`;
    const secretId = await aws.createSecret(value);
    const run = await probeWithSecret(secretId);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`the value of secret "${secretId}" is not a usable secret key`);
    expect(run.stderr).not.toContain(hexKey.slice(0, 40));
  });

  it('exits 2 for an impossible secret id, listed with the other problems, before any AWS call', async () => {
    const run = await runCli(['--relay', 'https://relay.example.com', '--group', GROUP, '--secret-id', 'no spaces allowed'], {
      ...AWS_ENV,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9', // nothing listens there: a call would fail differently
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--relay "https://relay.example.com" uses https://');
    expect(run.stderr).toContain('--secret-id "no spaces allowed" is neither a secret name');
    expect(run.stderr).not.toContain('CANARY_SECRET_KEY');
  });

  it('loads the AWS SDK only with --secret-id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zooid-canary-loads-'));
    const loads = async (args: string[], env: Record<string, string>) => {
      const log = path.join(dir, `${Math.random()}.log`);
      const run = await runCli(args, { ...env, NODE_OPTIONS: `--import=${RECORD_MODULE_LOADS}`, MODULE_LOAD_LOG: log });
      expect(run.code).toBe(0);
      return readFileSync(log, 'utf8');
    };
    try {
      const plain = await loads(['--relay', relay.url, '--group', GROUP], { CANARY_SECRET_KEY: hexKey });
      expect(plain).toContain('/dist/core/');
      expect(plain).not.toContain('@aws-sdk');
      const withSecret = await loads(['--relay', relay.url, '--group', GROUP, '--secret-id', await aws.createSecret(hexKey)], {
        ...AWS_ENV,
        AWS_ENDPOINT_URL: moto.endpoint,
      });
      expect(withSecret).toContain('/node_modules/@aws-sdk/client-secrets-manager/');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
