import { npubEncode, nsecEncode } from 'nostr-tools/nip19';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../canary/cli/main.js';
import { startLocalRelay, type LocalRelay } from '../canary/relay/local-relay.js';
import { runCli } from './support/cli-process.js';
import { expectNoConnectionLeft, probe } from './support/probe-fixture.js';

const GROUP = 'canary';
const admin = generateSecretKey();
let relay: LocalRelay;
beforeEach(async () => {
  relay = await startLocalRelay({ adminPubkeys: [getPublicKey(admin)] });
});
afterEach(() => relay.close());

/** Runs `zooid-canary group ...` in-process with this key as RELAY_ADMIN_SECRET_KEY, and checks no secret leaked. */
async function group(args: string[], key: Uint8Array = admin) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const env = { RELAY_ADMIN_SECRET_KEY: nsecEncode(key) };
  const code = await main(['group', ...args], { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env });
  const output = [...stdout, ...stderr].join('\n');
  expect(output).not.toContain(nsecEncode(key));
  expect(output).not.toContain(bytesToHex(key));
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}
const target = () => ['--relay', relay.url, '--group', GROUP, '--timeout', '3'];

describe('zooid-canary group create and add-member against the local relay', () => {
  it('creates a closed group and adds a canary key, after which the probe passes for that key', async () => {
    const canary = generateSecretKey();
    const created = await group(['create', ...target(), '--name', 'Canary checks']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^OK .* accepted the create-group \(kind 9007\) for closed group "canary", event [0-9a-f]{64}$/m);
    expect(relay.store.groups.get(GROUP)).toMatchObject({ closed: true, name: 'Canary checks' });

    const added = await group(['add-member', ...target(), '--pubkey', npubEncode(getPublicKey(canary))]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`put-user (kind 9000) of ${getPublicKey(canary)}`);
    expect(added.stdout).toMatch(/^next: zooid-canary doctor /m);

    const { verdict } = await probe({ relayUrl: relay.url, groups: [GROUP], timeoutMs: 3_000 }, canary);
    expect(verdict).toMatchObject({ ok: true, reason: null });
    // The admin's key is the group's admin; the canary is only a member.
    expect(relay.store.groups.get(GROUP)?.admins.has(getPublicKey(canary))).toBe(false);
    await expectNoConnectionLeft(relay);
  });

  it("exits 1 with zooid's words when the key is not a relay admin, and says what to do", async () => {
    const stranger = generateSecretKey();
    const run = await group(['create', ...target()], stranger);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^REFUSED .*: restricted: only admins can create groups$/m);
    expect(run.stdout).toContain(`(pubkey ${getPublicKey(stranger)}) is not a relay admin`);
    expect(relay.store.groups.has(GROUP)).toBe(false);

    relay.store.createGroup(GROUP, { closed: true }, getPublicKey(admin));
    const add = await group(['add-member', ...target(), '--pubkey', getPublicKey(generateSecretKey())], stranger);
    expect(add.code).toBe(1);
    expect(add.stdout).toMatch(/: restricted: you are not authorized to manage groups$/m);
  });

  it('exits 1 when the group exists already, pointing at doctor', async () => {
    relay.store.createGroup(GROUP, { closed: false }, getPublicKey(admin));
    const run = await group(['create', ...target()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/: invalid: that group already exists$/m);
    expect(run.stdout).toMatch(/^next: .*zooid-canary doctor/m);
  });

  it('exits 1 quoting the relay when AUTH is refused, without publishing', async () => {
    relay.faults = { refuseAuth: 'invalid signature' };
    const run = await group(['create', ...target()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAILED .*refused AUTH with RELAY_ADMIN_SECRET_KEY's key: error: failed to authenticate: invalid signature$/m);
    expect(relay.received.get('EVENT')).toBeUndefined();
  });

  it('exits 1 within --timeout on a relay that never answers', async () => {
    relay.faults = { silent: 'event' };
    const started = performance.now();
    const run = await group(['create', ...target().slice(0, 4), '--timeout', '1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/no progress within 1 s while waiting for the relay's OK to the create-group/);
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('exits 2 and lists every usage problem, never quoting the key', async () => {
    const none = await main(['group'], { stdout: () => {}, stderr: () => {}, env: {} });
    expect(none).toBe(2);
    const run = await group(['add-member', '--relay', relay.url, '--pubkey', 'npub1nope', '--name', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--group is missing');
    expect(run.stderr).toContain('--pubkey is missing or not a public key');
    expect(run.stderr).toContain('--name belongs to create');
    const self = await group(['add-member', ...target(), '--pubkey', getPublicKey(admin)]);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain("the admin key's own public key");
    const badKey: string[] = [];
    const code = await main(['group', 'create', ...target()], { stdout: () => {}, stderr: (l) => badKey.push(l), env: { RELAY_ADMIN_SECRET_KEY: 'nsec1' + 'q'.repeat(58) } });
    expect(code).toBe(2);
    expect(badKey.join('\n')).toContain('RELAY_ADMIN_SECRET_KEY is not a valid nsec');
  });
});

describe('zooid-canary group as a process', () => {
  it('creates the group and exits 0, with no secret in any output', async () => {
    const run = await runCli(['group', 'create', ...target()], { RELAY_ADMIN_SECRET_KEY: bytesToHex(admin) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK /);
    for (const output of [run.stdout, run.stderr]) {
      expect(output).not.toContain(bytesToHex(admin));
      expect(output).not.toContain(nsecEncode(admin));
    }
    expect(relay.store.groups.get(GROUP)?.closed).toBe(true);
  });
});
