import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRelay } from '../canary/relay/local-relay.js';
import type { RelayFaults } from '../canary/relay/faults.js';
import { blackHole, closedPort, expectNoConnectionLeft, GROUP, probe, relayWithMember } from './support/probe-fixture.js';

/** Deadline for fault runs: short, so a test waiting it out stays fast, but far above a loopback round trip. */
const DEADLINE_MS = 1_500;
/** How late past its deadline a timed-out run may return (timer jitter plus the bounded close). */
const LATE_MS = 700;
/** A fault the relay states should cost a round trip or two, never the deadline. */
const FAST_MS = 700;

let relay: LocalRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

async function probeWith(faults: RelayFaults, arrange?: (relay: LocalRelay, member: string) => void) {
  const fixture = await relayWithMember({ faults });
  relay = fixture.relay;
  arrange?.(relay, fixture.pubkey);
  const result = await probe({ relayUrl: relay.url, timeoutMs: DEADLINE_MS, challengeGraceMs: 200 }, fixture.secretKey);
  await expectNoConnectionLeft(relay);
  return result;
}

describe('the relay refuses the message', () => {
  it('a member refused by a half-loaded membership cache fails as rejected, in the relay\'s words, in one round trip', async () => {
    const { verdict, wallMs } = await probeWith({}, (r) => r.store.coldMembershipCache.add(GROUP));
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'rejected',
      phase: 'publish',
      prefix: 'restricted',
      message: 'restricted: you are not a member of that group',
    });
    expect(verdict.eventId).toMatch(/^[0-9a-f]{64}$/);
    expect(verdict.timings.authMs).not.toBeNull();
    expect(wallMs).toBeLessThan(FAST_MS);
  });

  it('an unknown group fails as rejected with invalid: group not found', async () => {
    const { verdict } = await probeWith({}, (r) => r.store.groups.delete(GROUP));
    expect(verdict).toMatchObject({ reason: 'rejected', prefix: 'invalid', message: 'invalid: group not found' });
  });

  it('an OK whose accepted field is not a boolean is a protocol fault', async () => {
    const { verdict, wallMs } = await probeWith({ malformedOk: true });
    expect(verdict).toMatchObject({ ok: false, reason: 'protocol', phase: 'publish' });
    expect(verdict.message).toContain('malformed OK');
    expect(wallMs).toBeLessThan(FAST_MS);
  });
});

describe('the relay refuses AUTH', () => {
  it('fails as auth with the relay\'s words, before publishing anything', async () => {
    const { verdict, wallMs } = await probeWith({ refuseAuth: 'invalid signature' });
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'auth',
      phase: 'auth',
      prefix: 'error',
      message: 'error: failed to authenticate: invalid signature',
      eventId: null,
    });
    expect(relay?.store.events.size).toBe(0);
    expect(wallMs).toBeLessThan(FAST_MS);
  });

  it('reports a relay URL that does not match what the relay expects (the :443 / wrong host mistake)', async () => {
    const fixture = await relayWithMember({ publicUrl: 'wss://relay.example.com' });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, timeoutMs: DEADLINE_MS }, fixture.secretKey);
    expect(verdict.reason).toBe('auth');
    expect(verdict.message).toBe(`error: failed to authenticate: expected relay URL 'wss://relay.example.com', got '${relay.url}'`);
  });

  it('fails as auth when the relay still says auth-required after a successful AUTH', async () => {
    const { verdict } = await probeWith({}, (r) => {
      const refusalFor = r.store.refusalFor.bind(r.store);
      r.store.refusalFor = (event) => refusalFor(event, null);
    });
    expect(verdict).toMatchObject({ reason: 'auth', prefix: 'auth-required', message: 'auth-required: authentication is required for access' });
  });
});

describe('the relay goes quiet', () => {
  it('never answers the message: timeout at the deadline, not later, naming the stuck write path', async () => {
    const { verdict, wallMs } = await probeWith({ silent: 'event' });
    expect(verdict).toMatchObject({ ok: false, reason: 'timeout', phase: 'publish' });
    expect(verdict.message).toContain('write path is stuck');
    expect(verdict.timings.totalMs).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
    expect(wallMs).toBeLessThan(DEADLINE_MS + LATE_MS);
  });

  it('never answers AUTH: timeout in the auth phase', async () => {
    const { verdict, wallMs } = await probeWith({ silent: 'auth' });
    expect(verdict).toMatchObject({ reason: 'timeout', phase: 'auth', eventId: null });
    expect(wallMs).toBeLessThan(DEADLINE_MS + LATE_MS);
  });

  it('says nothing at all after the upgrade: timeout, and the message says no challenge came', async () => {
    const { verdict } = await probeWith({ silent: 'all' });
    expect(verdict).toMatchObject({ reason: 'timeout', phase: 'publish' });
    expect(verdict.message).toContain('sent no AUTH challenge');
  });

  it('quotes the last NOTICE and counts junk frames in the timeout message', async () => {
    const { verdict } = await probeWith({ silent: 'event', noiseBeforeOk: true, garbageBeforeOk: true });
    expect(verdict.reason).toBe('timeout');
    expect(verdict.message).toContain('last NOTICE from the relay: "slow down: relay is busy"');
    expect(verdict.message).toMatch(/\d+ frame\(s\) ignored/);
  });

  it('answers later than the deadline: timeout at the deadline', async () => {
    const { verdict, wallMs } = await probeWith({ answerDelayMs: DEADLINE_MS + 1_000 });
    expect(verdict.reason).toBe('timeout');
    expect(wallMs).toBeLessThan(DEADLINE_MS + LATE_MS);
  });

  it('accepts TCP but never upgrades: timeout in the connect phase', async () => {
    const hole = await blackHole();
    try {
      const { verdict, wallMs } = await probe({ relayUrl: hole.url, timeoutMs: DEADLINE_MS }, new Uint8Array(32).fill(1));
      expect(verdict).toMatchObject({ reason: 'timeout', phase: 'connect' });
      expect(verdict.timings.connectMs).toBeNull();
      expect(wallMs).toBeLessThan(DEADLINE_MS + LATE_MS);
    } finally {
      await hole.close();
    }
  });
});

describe('the connection breaks', () => {
  it('closes right after the EVENT with a reason: closed, quoting the reason, in one round trip', async () => {
    const { verdict, wallMs } = await probeWith({ closeOnEvent: { code: 4000, reason: 'error: shutting down' } });
    expect(verdict).toMatchObject({ ok: false, reason: 'closed', phase: 'publish', prefix: 'error' });
    expect(verdict.message).toContain('code 4000');
    expect(verdict.message).toContain('error: shutting down');
    expect(wallMs).toBeLessThan(FAST_MS);
  });

  it('drops the TCP connection after the EVENT: closed', async () => {
    const { verdict, wallMs } = await probeWith({ closeOnEvent: 'drop' });
    expect(verdict).toMatchObject({ reason: 'closed', phase: 'publish' });
    expect(wallMs).toBeLessThan(FAST_MS);
  });

  it('sends a frame over the canary\'s limit: protocol', async () => {
    const { verdict, wallMs } = await probeWith({ oversizedFrameBytes: 2 * 1024 * 1024 });
    expect(verdict).toMatchObject({ reason: 'protocol', phase: 'publish' });
    expect(verdict.message).toContain('frame over');
    expect(wallMs).toBeLessThan(FAST_MS);
  });
});

describe('the relay is not there', () => {
  it('nothing listening: connect, at once', async () => {
    const port = await closedPort();
    const { verdict, wallMs } = await probe({ relayUrl: `ws://127.0.0.1:${port}`, timeoutMs: DEADLINE_MS }, new Uint8Array(32).fill(1));
    expect(verdict).toMatchObject({ ok: false, reason: 'connect', phase: 'connect', eventId: null });
    expect(verdict.message).toContain('ECONNREFUSED');
    expect(wallMs).toBeLessThan(FAST_MS);
  });

  it('an HTTP server that answers 404 instead of upgrading: connect, naming the status', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { verdict } = await probe({ relayUrl: `ws://127.0.0.1:${port}`, timeoutMs: DEADLINE_MS }, new Uint8Array(32).fill(1));
      expect(verdict).toMatchObject({ reason: 'connect', phase: 'connect' });
      expect(verdict.message).toContain('HTTP 404');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
