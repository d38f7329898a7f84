import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import { decode, npubEncode } from 'nostr-tools/nip19';
import { getPublicKey } from 'nostr-tools/pure';
import { hexToBytes } from 'nostr-tools/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../canary/cli/main.js';
import { parseSecretKey } from '../canary/core/secret-key.js';
import { runCli } from './support/cli-process.js';
import { MOTO_CREDENTIALS, startMoto, TEST_REGION, type Moto } from './support/moto-server.js';

const HEX = /^[0-9a-f]{64}$/;

function lineValue(stdout: string, label: string): string {
  return new RegExp(`^${label}: (\\S+)$`, 'm').exec(stdout)?.[1] ?? '';
}

describe('zooid-canary keygen without --secret-id', () => {
  it('prints the nsec once on stdout with a warning on stderr, and the matching pubkey and npub', async () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(['keygen'], { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env: {} });
    expect(code).toBe(0);
    const out = stdout.join('\n');
    const nsec = lineValue(out, 'nsec');
    const pubkey = lineValue(out, 'pubkey');
    expect(pubkey).toMatch(HEX);
    expect(getPublicKey(parseSecretKey(nsec, 'printed nsec'))).toBe(pubkey);
    expect(lineValue(out, 'npub')).toBe(npubEncode(pubkey));
    expect(out.split(nsec)).toHaveLength(2);
    expect(stderr.join('\n')).toMatch(/printed this once and stored nowhere/);
    expect(stderr.join('\n')).not.toContain(nsec);
  });

  it('makes a different key each time', async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const stdout: string[] = [];
      await main(['keygen'], { stdout: (l) => stdout.push(l), stderr: () => {}, env: {} });
      keys.add(lineValue(stdout.join('\n'), 'pubkey'));
    }
    expect(keys.size).toBe(3);
  });

  it('exits 2 on bad usage', async () => {
    const stderr: string[] = [];
    const io = { stdout: () => {}, stderr: (l: string) => stderr.push(l), env: {} };
    expect(await main(['keygen', '--overwrite'], io)).toBe(2);
    expect(await main(['keygen', '--secret-id', ' '], io)).toBe(2);
    expect(await main(['keygen', '--secret-id', 'no spaces allowed'], io)).toBe(2);
    expect(await main(['keygen', 'extra'], io)).toBe(2);
    expect(stderr.join('\n')).toContain('--overwrite needs --secret-id');
  });
});

describe('zooid-canary keygen --secret-id against moto, as a process', () => {
  let moto: Moto;
  let secrets: SecretsManagerClient;
  let env: Record<string, string>;
  beforeAll(async () => {
    moto = await startMoto();
    env = { ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: moto.endpoint };
    secrets = new SecretsManagerClient({
      endpoint: moto.endpoint,
      region: TEST_REGION,
      credentials: { accessKeyId: MOTO_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
    });
  });
  afterAll(async () => {
    secrets?.destroy();
    await moto?.stop();
  });

  const secretName = () => `zooid-canary/test/keygen-${randomBytes(4).toString('hex')}`;
  const storedKey = async (name: string) => {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: name }));
    const { seckey } = JSON.parse(SecretString ?? '{}') as { seckey: string };
    return seckey;
  };

  it('writes {"seckey": ...} into a new secret and prints only the public key', async () => {
    const name = secretName();
    const run = await runCli(['keygen', '--secret-id', name], env);
    expect(run.code).toBe(0);
    const seckey = await storedKey(name);
    expect(seckey).toMatch(HEX);
    const pubkey = lineValue(run.stdout, 'pubkey');
    expect(getPublicKey(hexToBytes(seckey))).toBe(pubkey);
    expect(decode(lineValue(run.stdout, 'npub'))).toEqual({ type: 'npub', data: pubkey });
    expect(run.stdout).toContain(`secret: created "${name}"`);
    for (const output of [run.stdout, run.stderr]) {
      expect(output).not.toContain(seckey);
      expect(output).not.toMatch(/nsec1/);
    }
  });

  it('refuses to replace an existing secret without --overwrite, and replaces it with', async () => {
    const name = secretName();
    expect((await runCli(['keygen', '--secret-id', name], env)).code).toBe(0);
    const first = await storedKey(name);

    const refused = await runCli(['keygen', '--secret-id', name], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists and may hold the key a running canary uses; nothing was changed/);
    expect(refused.stderr).toContain('--overwrite');
    expect(refused.stdout).toBe('');
    expect(await storedKey(name)).toBe(first);

    const replaced = await runCli(['keygen', '--secret-id', name, '--overwrite'], env);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`secret: replaced "${name}"`);
    const second = await storedKey(name);
    expect(second).not.toBe(first);
    expect(getPublicKey(hexToBytes(second))).toBe(lineValue(replaced.stdout, 'pubkey'));
    expect(replaced.stdout + replaced.stderr).not.toContain(second);
  });

  it('exits 2 and says what to do when Secrets Manager cannot be reached', async () => {
    const run = await runCli(['keygen', '--secret-id', secretName()], { ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach Secrets Manager .*check AWS_REGION/);
    expect(run.stdout).toBe('');
  });
});
