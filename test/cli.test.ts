import { nsecEncode } from 'nostr-tools/nip19';
import { bytesToHex } from 'nostr-tools/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRelay } from '../canary/relay/local-relay.js';
import { runCli } from './support/cli-process.js';
import { GROUP, relayWithMember } from './support/probe-fixture.js';

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

  it('refuses an unknown flag', async () => {
    const run = await runCli(['--relay', relay.url, '--group', GROUP, '--verbose'], { CANARY_SECRET_KEY: hexKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--verbose'");
  });

  it('--help documents every flag and the key variable, and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const word of ['--relay', '--group', '--timeout', '--json', '--help', 'CANARY_SECRET_KEY', 'Exits 0']) expect(run.stdout).toContain(word);
  });
});
