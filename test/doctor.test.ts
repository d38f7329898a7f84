import { nsecEncode } from 'nostr-tools/nip19';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../canary/cli/main.js';
import { startLocalRelay, type LocalRelay } from '../canary/relay/local-relay.js';
import type { DoctorReport } from '../canary/setup/doctor-checks.js';
import { runCli } from './support/cli-process.js';
import { closedPort, expectNoConnectionLeft } from './support/probe-fixture.js';

const GROUP = 'canary';
let relay: LocalRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

/** A relay whose `canary` group the test arranges, and a fresh canary key. */
async function setUp(arrange: (relay: LocalRelay, canary: string) => void) {
  relay = await startLocalRelay();
  const secretKey = generateSecretKey();
  arrange(relay, getPublicKey(secretKey));
  return { relay, secretKey };
}
const closedWithMember = (r: LocalRelay, canary: string) => {
  r.store.createGroup(GROUP, { closed: true }, r.store.identity.selfPubkey);
  r.store.addMember(GROUP, canary);
};

async function doctor(relayUrl: string, secretKey: Uint8Array, extra: string[] = []) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = { stdout: (l: string) => stdout.push(l), stderr: (l: string) => stderr.push(l), env: { CANARY_SECRET_KEY: bytesToHex(secretKey) } };
  const code = await main(['doctor', '--relay', relayUrl, '--group', GROUP, '--timeout', '3', '--json', ...extra], io);
  const output = [...stdout, ...stderr].join('\n');
  expect(output).not.toContain(bytesToHex(secretKey));
  expect(output).not.toContain(nsecEncode(secretKey));
  return { code, report: JSON.parse(stdout[0] ?? 'null') as DoctorReport, stderr };
}
const statuses = (report: DoctorReport) => Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
const failing = (report: DoctorReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.check);

describe('zooid-canary doctor against the local relay', () => {
  it('passes a plain member of a closed group, and leaves no connection behind', async () => {
    const { relay, secretKey } = await setUp(closedWithMember);
    const { code, report } = await doctor(relay.url, secretKey);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(Object.values(statuses(report))).toEqual(Array(7).fill('ok'));
    expect(report.pubkey).toBe(getPublicKey(secretKey));
    await expectNoConnectionLeft(relay);
  });

  it('fails an open group: the canary would pass even if the membership cache broke', async () => {
    const { relay, secretKey } = await setUp((r, canary) => {
      r.store.createGroup(GROUP, { closed: false }, r.store.identity.selfPubkey);
      r.store.addMember(GROUP, canary);
    });
    const { code, report } = await doctor(relay.url, secretKey);
    expect(code).toBe(1);
    expect(failing(report)).toEqual(['group-closed']);
    expect(report.summary).toContain('this canary would pass even if the membership cache broke');
  });

  it('fails a canary that created its group (and so is its admin)', async () => {
    const { relay, secretKey } = await setUp((r, canary) => r.store.createGroup(GROUP, { closed: true }, canary));
    const { code, report } = await doctor(relay.url, secretKey);
    expect(code).toBe(1);
    expect(failing(report)).toEqual(['canary-not-group-admin']);
  });

  it("fails a canary that is using the relay's own key", async () => {
    relay = await startLocalRelay();
    closedWithMember(relay, relay.store.identity.selfPubkey);
    const { code, report } = await doctor(relay.url, relay.store.identity.selfSecretKey);
    expect(code).toBe(1);
    expect(failing(report)).toContain('canary-not-relay-key');
  });

  it('fails a canary that is not a member, and a group that does not exist', async () => {
    const notMember = await setUp((r) => r.store.createGroup(GROUP, { closed: true }, r.store.identity.selfPubkey));
    const outsider = await doctor(notMember.relay.url, notMember.secretKey);
    expect(outsider.code).toBe(1);
    expect(failing(outsider.report)).toEqual(['canary-member']);
    await notMember.relay.close();

    const noGroup = await setUp(() => {});
    const missing = await doctor(noGroup.relay.url, noGroup.secretKey);
    expect(missing.code).toBe(1);
    expect(statuses(missing.report)).toMatchObject({ 'group-exists': 'fail', 'group-closed': 'unknown', 'canary-member': 'unknown' });
  });

  it('fails when the relay serves no NIP-11 document, or a broken one', async () => {
    const { relay, secretKey } = await setUp(closedWithMember);
    relay.faults = { nip11: 'missing' };
    const missing = await doctor(relay.url, secretKey);
    expect(missing.code).toBe(1);
    expect(statuses(missing.report)).toMatchObject({ 'relay-document': 'fail', 'canary-not-relay-key': 'unknown', 'group-closed': 'ok' });
    expect(missing.report.checks[0]?.finding).toContain('HTTP 404');
    relay.faults = { nip11: 'broken' };
    const broken = await doctor(relay.url, secretKey);
    expect(broken.report.checks[0]?.finding).toContain('not JSON');
  });

  it("fails when the relay refuses AUTH, quoting the relay's words", async () => {
    const { relay, secretKey } = await setUp(closedWithMember);
    relay.faults = { refuseAuth: 'invalid signature' };
    const { code, report } = await doctor(relay.url, secretKey);
    expect(code).toBe(1);
    expect(report.checks.find((c) => c.check === 'auth')?.finding).toContain('error: failed to authenticate: invalid signature');
    expect(statuses(report)).toMatchObject({ 'group-exists': 'unknown' });
  });

  it('fails, bounded by --timeout, when the relay is not there', async () => {
    const port = await closedPort();
    const started = performance.now();
    const { code, report } = await doctor(`ws://127.0.0.1:${port}`, generateSecretKey());
    expect(code).toBe(1);
    expect(statuses(report)).toMatchObject({ 'relay-document': 'fail', auth: 'fail' });
    expect(performance.now() - started).toBeLessThan(3_500);
  });

  it('exits 2 and lists every problem for bad usage', async () => {
    const stderr: string[] = [];
    const code = await main(['doctor', '--relay', 'https://x', '--timeout', 'soon'], { stdout: () => {}, stderr: (l) => stderr.push(l), env: {} });
    expect(code).toBe(2);
    expect(stderr.join('\n')).toMatch(/--relay .* uses https:/);
    expect(stderr.join('\n')).toMatch(/--group is missing/);
    expect(stderr.join('\n')).toMatch(/CANARY_SECRET_KEY is not set/);
  });
});

describe('zooid-canary doctor as a process', () => {
  it('prints a readable report and exits 1 when the canary is blind, with no secret in any output', async () => {
    const { relay, secretKey } = await setUp((r, canary) => r.store.createGroup(GROUP, { closed: false }, canary));
    const run = await runCli(['doctor', '--relay', relay.url, '--group', GROUP, '--timeout', '3'], { CANARY_SECRET_KEY: nsecEncode(secretKey) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL group-closed +group "canary" is not closed/m);
    expect(run.stdout).toMatch(/^FAIL canary-not-group-admin /m);
    expect(run.stdout).toMatch(/^ok +relay-document +NIP-11 document served/m);
    expect(run.stdout).toMatch(/^note: relay admins are not listed/m);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^FAIL: this canary would pass even if the membership cache broke \(group-closed, canary-not-group-admin\)$/);
    for (const output of [run.stdout, run.stderr]) {
      expect(output).not.toContain(nsecEncode(secretKey));
      expect(output).not.toContain(bytesToHex(secretKey));
    }
    expect(run.wallMs).toBeLessThan(5_000);
  });
});
