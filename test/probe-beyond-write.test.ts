import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRelay } from '../canary/relay/local-relay.js';
import { expectNoConnectionLeft, GROUP, probe, probeMany, relayWithMember } from './support/probe-fixture.js';
import { throwawayCertificate } from './support/throwaway-cert.js';

const DEADLINE_MS = 1_500;
const LATE_MS = 700;

let relay: LocalRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

describe('read-your-write', () => {
  it('passes when the accepted message comes back to a REQ by id on the same connection, and times it', async () => {
    const fixture = await relayWithMember();
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, cleanup: false }, fixture.secretKey);
    expect(verdict.ok).toBe(true);
    expect(verdict.timings.readbackMs).toBeGreaterThanOrEqual(0);
    expect(relay.received.get('REQ')).toBe(1);
    expect(relay.received.get('CLOSE')).toBe(1);
  });

  it('fails as readback when the relay answers EOSE without the message (zooid drops unreadable events silently)', async () => {
    const fixture = await relayWithMember({ faults: { readback: 'missing' } });
    relay = fixture.relay;
    const { verdict, wallMs } = await probe({ relayUrl: relay.url, timeoutMs: DEADLINE_MS }, fixture.secretKey);
    expect(verdict).toMatchObject({ ok: false, reason: 'readback', phase: 'readback', cleanup: null });
    expect(verdict.message).toContain('EOSE');
    expect(verdict.timings.publishMs).not.toBeNull();
    expect(wallMs).toBeLessThan(700);
    await expectNoConnectionLeft(relay);
  });

  it("fails as readback with the relay's words on CLOSED", async () => {
    const fixture = await relayWithMember({ faults: { readback: { closed: 'error: database is read-only' } } });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, timeoutMs: DEADLINE_MS }, fixture.secretKey);
    expect(verdict).toMatchObject({ reason: 'readback', prefix: 'error', message: 'error: database is read-only' });
  });

  it('fails as readback at the deadline when the REQ is never answered', async () => {
    const fixture = await relayWithMember({ faults: { readback: 'silent' } });
    relay = fixture.relay;
    const { verdict, wallMs } = await probe({ relayUrl: relay.url, timeoutMs: DEADLINE_MS }, fixture.secretKey);
    expect(verdict).toMatchObject({ reason: 'readback', phase: 'readback' });
    expect(verdict.message).toContain('read path is stuck');
    expect(wallMs).toBeLessThan(DEADLINE_MS + LATE_MS);
  });

  it('can be switched off', async () => {
    const fixture = await relayWithMember({ faults: { readback: 'missing' } });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, readback: false }, fixture.secretKey);
    expect(verdict.ok).toBe(true);
    expect(verdict.timings.readbackMs).toBeNull();
    expect(relay.received.get('REQ')).toBeUndefined();
  });
});

describe('clean-up', () => {
  it('deletes the canary message after a pass (kind 5 with e and h tags) and says so', async () => {
    const fixture = await relayWithMember();
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url }, fixture.secretKey);
    expect(verdict).toMatchObject({ ok: true, cleanup: { deleted: true, message: null } });
    expect(relay.store.events.has(verdict.eventId ?? '')).toBe(false);
    const deletion = [...relay.store.events.values()].find((event) => event.kind === 5);
    expect(deletion?.tags).toEqual([['e', verdict.eventId], ['h', GROUP]]);
  });

  it('reports a refused deletion without failing the run', async () => {
    const fixture = await relayWithMember();
    relay = fixture.relay;
    const refusalFor = relay.store.refusalFor.bind(relay.store);
    relay.store.refusalFor = (event, authed) => (event.kind === 5 ? 'blocked: deletions are disabled' : refusalFor(event, authed));
    const { verdict } = await probe({ relayUrl: relay.url }, fixture.secretKey);
    expect(verdict).toMatchObject({ ok: true, cleanup: { deleted: false, message: 'blocked: deletions are disabled' } });
  });
});

describe('certificate expiry (wss)', () => {
  it('reports the days left on a healthy certificate and passes', async () => {
    const tls = throwawayCertificate(30);
    const fixture = await relayWithMember({ tls });
    relay = fixture.relay;
    expect(relay.url).toMatch(/^wss:\/\//);
    const { verdict } = await probe({ relayUrl: relay.url, trustedCertificates: [tls.cert] }, fixture.secretKey);
    expect(verdict.ok).toBe(true);
    expect(verdict.certDaysRemaining).toBeGreaterThan(29);
    expect(verdict.certDaysRemaining).toBeLessThanOrEqual(30);
  });

  it('fails as tls when the certificate expires within the floor, though the write itself worked', async () => {
    const tls = throwawayCertificate(3);
    const fixture = await relayWithMember({ tls });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, trustedCertificates: [tls.cert] }, fixture.secretKey);
    expect(verdict).toMatchObject({ ok: false, reason: 'tls', phase: 'connect' });
    expect(verdict.certDaysRemaining).toBeLessThanOrEqual(3);
    expect(verdict.message).toContain('within the 7-day floor');
    expect(verdict.timings.publishMs).not.toBeNull();
    const lowered = await probe({ relayUrl: relay.url, trustedCertificates: [tls.cert], certFloorDays: 2 }, fixture.secretKey);
    expect(lowered.verdict.ok).toBe(true);
  });

  it('fails as connect when the certificate is not trusted, naming the TLS error', async () => {
    const fixture = await relayWithMember({ tls: throwawayCertificate(30) });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, timeoutMs: DEADLINE_MS }, fixture.secretKey);
    expect(verdict).toMatchObject({ reason: 'connect', certDaysRemaining: null });
    expect(verdict.message).toMatch(/self[- ]signed/i);
  });
});

describe('several groups and relays in one run', () => {
  it('probes every group over one connection per relay, concurrently, with one AUTH', async () => {
    const fixture = await relayWithMember();
    relay = fixture.relay;
    const groups = ['g1', 'g2', 'g3'];
    for (const group of groups) {
      relay.store.createGroup(group, { closed: true }, relay.store.identity.selfPubkey);
      relay.store.addMember(group, fixture.pubkey);
    }
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, relay?.openConnections() ?? 0)), 1);
    const { run } = await probe({ relayUrl: relay.url, groups: [GROUP, ...groups] }, fixture.secretKey);
    clearInterval(timer);
    expect(run.ok).toBe(true);
    expect(run.verdicts.map((v) => v.group)).toEqual([GROUP, ...groups]);
    expect(new Set(run.verdicts.map((v) => v.eventId)).size).toBe(4);
    expect(relay.received.get('AUTH')).toBe(1);
    expect(peak).toBeLessThanOrEqual(1);
    expect(run.summary).toBe('all 4 targets passed');
  });

  it('fails the run when one group of one relay fails, and names which', async () => {
    const healthy = await relayWithMember();
    const cold = await relayWithMember();
    relay = healthy.relay;
    try {
      // Same key on both relays, as one canary key would be.
      cold.relay.store.addMember(GROUP, healthy.pubkey);
      cold.relay.store.createGroup('g2', { closed: true }, cold.relay.store.identity.selfPubkey);
      cold.relay.store.addMember('g2', healthy.pubkey);
      cold.relay.store.coldMembershipCache.add('g2');
      healthy.relay.store.createGroup('g2', { closed: true }, healthy.relay.store.identity.selfPubkey);
      healthy.relay.store.addMember('g2', healthy.pubkey);

      const both = await probeMany([healthy.relay.url, cold.relay.url], [GROUP, 'g2'], healthy.secretKey);
      expect(both.ok).toBe(false);
      expect(both.verdicts.map((v) => [v.relay, v.group, v.ok])).toEqual([
        [healthy.relay.url, GROUP, true],
        [healthy.relay.url, 'g2', true],
        [cold.relay.url, GROUP, true],
        [cold.relay.url, 'g2', false],
      ]);
      expect(both.summary).toBe(`1 of 4 targets failed: ${cold.relay.url} group g2: rejected: restricted: you are not a member of that group`);
    } finally {
      await cold.relay.close();
    }
  });
});
