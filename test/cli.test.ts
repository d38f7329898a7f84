import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nsecEncode } from 'nostr-tools/nip19';
import { bytesToHex } from 'nostr-tools/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRelay } from '../canary/relay/local-relay.js';
import { runCli } from './support/cli-process.js';
import { GROUP, relayWithMember } from './support/probe-fixture.js';
import { throwawayCertificate } from './support/throwaway-cert.js';

let relay: LocalRelay;
let hexKey: string;
let nsec: string;

beforeAll(async () => {
  const fixture = await relayWithMember();
  relay = fixture.relay;
  hexKey = bytesToHex(fixture.secretKey);
  nsec = nsecEncode(fixture.secretKey);
});
afterAll(() => relay.close());

function expectNoKeyIn(...outputs: string[]) {
  for (const output of outputs) {
    expect(output).not.toContain(hexKey);
    expect(output).not.toContain(nsec);
  }
}

describe('zooid-canary as a process', () => {
  it('exits 0 with one human PASS line when the relay accepts', async () => {
    relay.faults = {};
    const run = await runCli(['--relay', relay.url, '--group', GROUP], { CANARY_SECRET_KEY: hexKey });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^PASS relay=${relay.url} group=${GROUP} connect=\\d+ms auth=\\d+ms publish=\\d+ms readback=\\d+ms total=\\d+ms event=[0-9a-f]{64}$`));
    expectNoKeyIn(run.stdout, run.stderr);
  });

  it('prints the JSON contract with --json, reading an nsec key', async () => {
    relay.faults = {};
    const run = await runCli(['--relay', relay.url, '--group', GROUP, '--json'], { CANARY_SECRET_KEY: nsec });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const verdict = JSON.parse(lines[0] ?? '');
    expect(verdict).toMatchObject({ ok: true, reason: null, message: null, relay: relay.url, group: GROUP });
    expect(verdict.eventId).toMatch(/^[0-9a-f]{64}$/);
    for (const field of ['connectMs', 'authMs', 'publishMs', 'totalMs']) expect(typeof verdict.timings[field]).toBe('number');
    expectNoKeyIn(run.stdout, run.stderr);
  });

  it("exits 1 with the relay's words when the relay refuses a member", async () => {
    relay.faults = {};
    relay.store.coldMembershipCache.add(GROUP);
    try {
      const human = await runCli(['--relay', relay.url, '--group', GROUP], { CANARY_SECRET_KEY: hexKey });
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(/^FAIL rejected \(in publish\) .*: restricted: you are not a member of that group\n$/);
      const json = await runCli(['--relay', relay.url, '--group', GROUP, '--json'], { CANARY_SECRET_KEY: hexKey });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, reason: 'rejected', message: 'restricted: you are not a member of that group' });
      expectNoKeyIn(human.stdout, human.stderr, json.stdout, json.stderr);
    } finally {
      relay.store.coldMembershipCache.delete(GROUP);
    }
  });

  it('exits 1 at its --timeout on a silent relay, and the process ends then: nothing keeps it alive', async () => {
    relay.faults = { silent: 'event' };
    const run = await runCli(['--relay', relay.url, '--group', GROUP, '--timeout', '1', '--json'], { CANARY_SECRET_KEY: hexKey });
    relay.faults = {};
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, reason: 'timeout' });
    // Process start-up plus one second plus the bounded close; a leaked timer or socket would hold it far longer.
    expect(run.wallMs).toBeLessThan(4_000);
  });
});

describe('several targets and the beyond-write switches', () => {
  it('prints one JSON line per group (repeated flags or commas), and exits 1 naming the failed one', async () => {
    relay.faults = {};
    relay.store.createGroup('second', { closed: true }, relay.store.identity.selfPubkey);
    try {
      const run = await runCli(['--relay', relay.url, '--group', GROUP, '--group', 'second,third', '--json'], { CANARY_SECRET_KEY: hexKey });
      expect(run.code).toBe(1);
      const verdicts = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
      expect(verdicts.map((v) => [v.group, v.ok, v.reason])).toEqual([
        [GROUP, true, null],
        ['second', false, 'rejected'],
        ['third', false, 'rejected'],
      ]);
      const human = await runCli(['--relay', relay.url, '--group', `${GROUP},second`], { CANARY_SECRET_KEY: hexKey });
      expect(human.stdout.trim().split('\n').at(-1)).toBe(
        `FAIL 1 of 2 targets failed: ${relay.url} group second: rejected: restricted: you are not a member of that group`,
      );
    } finally {
      relay.store.groups.delete('second');
    }
  });

  it('--no-readback and --no-cleanup leave the message on the relay, unread', async () => {
    relay.faults = {};
    const reqsBefore = relay.received.get('REQ') ?? 0;
    const run = await runCli(['--relay', relay.url, '--group', GROUP, '--no-readback', '--no-cleanup', '--json'], { CANARY_SECRET_KEY: hexKey });
    expect(run.code).toBe(0);
    const verdict = JSON.parse(run.stdout);
    expect(verdict).toMatchObject({ ok: true, cleanup: null, timings: { readbackMs: null } });
    expect(relay.received.get('REQ') ?? 0).toBe(reqsBefore);
    expect(relay.store.events.has(verdict.eventId)).toBe(true);
  });

  it('--ca-file trusts a private CA for wss, and --cert-floor-days sets when an expiring certificate fails', async () => {
    const tls = throwawayCertificate(10);
    const dir = mkdtempSync(join(tmpdir(), 'zooid-canary-ca-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, tls.cert);
    const secure = await relayWithMember({ tls });
    try {
      const key = { CANARY_SECRET_KEY: bytesToHex(secure.secretKey) };
      const untrusted = await runCli(['--relay', secure.relay.url, '--group', GROUP, '--json'], key);
      expect(JSON.parse(untrusted.stdout)).toMatchObject({ ok: false, reason: 'connect' });
      const trusted = await runCli(['--relay', secure.relay.url, '--group', GROUP, '--ca-file', caFile, '--json'], key);
      expect(trusted.code).toBe(0);
      expect(JSON.parse(trusted.stdout).certDaysRemaining).toBeGreaterThan(9);
      const strict = await runCli(['--relay', secure.relay.url, '--group', GROUP, '--ca-file', caFile, '--cert-floor-days', '30'], key);
      expect(strict.code).toBe(1);
      expect(strict.stdout).toMatch(/^FAIL tls \(in connect\) .* within the 30-day floor/);
    } finally {
      await secure.relay.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('usage and configuration errors exit 2 with a clear stderr', () => {
  it('reports every problem at once', async () => {
    const run = await runCli(['--timeout', 'soon'], {});
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--relay');
    expect(run.stderr).toContain('--group');
    expect(run.stderr).toContain('--timeout');
    expect(run.stderr).toContain('CANARY_SECRET_KEY is not set');
  });

  it('refuses a malformed key without printing it', async () => {
    const bad = hexKey.slice(0, 60) + 'zzzz';
    const run = await runCli(['--relay', relay.url, '--group', GROUP], { CANARY_SECRET_KEY: bad });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CANARY_SECRET_KEY is not a usable secret key');
    expect(run.stderr).not.toContain(bad);
    expect(run.stderr).not.toContain(hexKey.slice(0, 60));
    expectNoKeyIn(run.stdout, run.stderr);
  });

  it('refuses an http:// relay URL and says which scheme to use', async () => {
    const run = await runCli(['--relay', 'https://relay.example.com', '--group', GROUP], { CANARY_SECRET_KEY: hexKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--relay .* use wss:\/\//);
  });

  it('refuses an unreadable --ca-file and a --cert-floor-days that is not a number', async () => {
    const run = await runCli(['--relay', relay.url, '--group', GROUP, '--ca-file', '/nonexistent/ca.pem', '--cert-floor-days', 'soon'], { CANARY_SECRET_KEY: hexKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--ca-file /nonexistent/ca.pem cannot be read (ENOENT)');
    expect(run.stderr).toContain('--cert-floor-days must be a number of days');
  });

  it('refuses an unknown flag', async () => {
    const run = await runCli(['--relay', relay.url, '--group', GROUP, '--verbose'], { CANARY_SECRET_KEY: hexKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--verbose'");
  });

  it('--help documents every flag and the key variable, and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    const flags = ['--relay', '--group', '--timeout', '--no-readback', '--no-cleanup', '--cert-floor-days', '--ca-file', '--secret-id', '--json', '--help'];
    for (const word of [...flags, 'CANARY_SECRET_KEY', 'Exits 0']) expect(run.stdout).toContain(word);
  });
});
