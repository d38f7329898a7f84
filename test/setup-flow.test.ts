import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { nsecEncode } from 'nostr-tools/nip19';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRelay, type LocalRelay } from '../canary/relay/local-relay.js';
import { runCli } from './support/cli-process.js';
import { MOTO_CREDENTIALS, startMoto, type Moto } from './support/moto-server.js';

/** The README's setup, command by command, as processes: the key lives only in Secrets Manager throughout. */
describe('keygen --secret-id, group create and add-member, then doctor --secret-id and the probe', () => {
  const admin = generateSecretKey();
  let moto: Moto;
  let relay: LocalRelay;
  beforeAll(async () => {
    [moto, relay] = await Promise.all([startMoto(), startLocalRelay({ adminPubkeys: [getPublicKey(admin)] })]);
  });
  const secretValue = async (secretId: string) => {
    const client = new SecretsManagerClient({
      endpoint: moto.endpoint,
      region: MOTO_CREDENTIALS.AWS_REGION,
      credentials: { accessKeyId: MOTO_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
    });
    try {
      return (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } finally {
      client.destroy();
    }
  };
  afterAll(async () => {
    await relay?.close();
    await moto?.stop();
  });

  it('sets up a canary the doctor vouches for, and no secret appears in any output', async () => {
    const aws = { ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: moto.endpoint };
    const secretId = `zooid-canary/test/flow-${randomBytes(4).toString('hex')}`;
    const target = ['--relay', relay.url, '--group', 'canary', '--timeout', '3'];
    const outputs: string[] = [];
    const run = async (args: string[], env: Record<string, string>) => {
      const result = await runCli(args, env);
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    const keygen = await run(['keygen', '--secret-id', secretId], aws);
    expect(keygen.code).toBe(0);
    const npub = /^npub: (npub1\S+)$/m.exec(keygen.stdout)?.[1] ?? '';

    const doctorFirst = await run(['doctor', ...target, '--secret-id', secretId], aws);
    expect(doctorFirst.code).toBe(1);
    expect(doctorFirst.stdout).toMatch(/^FAIL group-exists /m);

    const adminEnv = { RELAY_ADMIN_SECRET_KEY: nsecEncode(admin) };
    expect((await run(['group', 'create', ...target], adminEnv)).code).toBe(0);
    expect((await run(['group', 'add-member', ...target, '--pubkey', npub], adminEnv)).code).toBe(0);

    const doctor = await run(['doctor', ...target, '--secret-id', secretId], aws);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout.trim().split('\n').at(-1)).toMatch(/^PASS: the canary can detect a membership regression in group "canary"/);

    const probe = await run([...target, '--secret-id', secretId], aws);
    expect(probe.code).toBe(0);
    // The regression the canary exists for: the doctor still passes (the metadata is right), the probe fails.
    relay.store.coldMembershipCache.add('canary');
    const cold = await run([...target, '--secret-id', secretId], aws);
    expect(cold.stdout).toMatch(/restricted: you are not a member of that group/);

    const { seckey } = JSON.parse((await secretValue(secretId)) ?? '{}') as { seckey: string };
    expect(seckey).toMatch(/^[0-9a-f]{64}$/);
    for (const output of outputs) {
      expect(output).not.toMatch(/nsec1/);
      expect(output).not.toContain(seckey);
      expect(output).not.toContain(bytesToHex(admin));
    }
  });

  it('exits 2 when the secret cannot be read, saying why', async () => {
    const run = await runCli(['doctor', '--relay', relay.url, '--group', 'canary', '--secret-id', 'zooid-canary/test/none'], {
      ...MOTO_CREDENTIALS,
      AWS_ENDPOINT_URL: moto.endpoint,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ResourceNotFoundException/);
  });
});
