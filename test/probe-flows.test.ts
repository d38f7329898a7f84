import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRelay } from '../canary/relay/local-relay.js';
import { expectNoConnectionLeft, GROUP, liveHandles, probe, relayWithMember } from './support/probe-fixture.js';

let relay: LocalRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

describe('a healthy relay', () => {
  it('accepts the canary message: pass, with every phase timed and the event stored as a group message', async () => {
    const fixture = await relayWithMember();
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, cleanup: false }, fixture.secretKey);

    expect(verdict).toMatchObject({ ok: true, reason: null, phase: null, message: null, relay: relay.url, group: GROUP, cleanup: null });
    const { connectMs, authMs, publishMs, readbackMs, totalMs } = verdict.timings;
    for (const ms of [connectMs, authMs, publishMs, readbackMs]) expect(ms).toBeGreaterThanOrEqual(0);
    expect(totalMs).toBeGreaterThanOrEqual((connectMs ?? 0) + (authMs ?? 0) + (publishMs ?? 0) + (readbackMs ?? 0) - 3);
    expect(verdict.certDaysRemaining).toBeNull();

    const stored = relay.store.events.get(verdict.eventId ?? '');
    expect(stored?.kind).toBe(9);
    expect(stored?.pubkey).toBe(fixture.pubkey);
    expect(stored?.tags).toContainEqual(['h', GROUP]);
    expect(stored?.content).toContain(verdict.runId);
    expect(stored?.content).toMatch(/canary/);
    const expiration = Number(stored?.tags.find((tag) => tag[0] === 'expiration')?.[1]);
    expect(expiration - (stored?.created_at ?? 0)).toBe(86_400);
    await expectNoConnectionLeft(relay);
  });

  it('leaves no socket or timer behind in this process', async () => {
    const before = liveHandles();
    const fixture = await relayWithMember();
    await probe({ relayUrl: fixture.relay.url }, fixture.secretKey);
    await fixture.relay.close();
    // Other timers of the test runner may come and go; ours must not add any.
    const after = liveHandles();
    for (const kind of Object.keys(after)) expect(after[kind], kind).toBeLessThanOrEqual(before[kind] ?? 0);
  });

  it('answers a relay that sends no challenge up front: publishes, gets auth-required, authenticates, publishes again', async () => {
    const fixture = await relayWithMember({ faults: { noChallenge: true } });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, challengeGraceMs: 50, readback: false, cleanup: false }, fixture.secretKey);
    expect(verdict.ok).toBe(true);
    expect(verdict.timings.authMs).not.toBeNull();
    expect(relay.store.events.has(verdict.eventId ?? '')).toBe(true);
    expect(Object.fromEntries(relay.received)).toEqual({ AUTH: 1, EVENT: 2 });
  });

  it('waits for the AUTH OK, so a relay that handles messages concurrently cannot see the EVENT first', async () => {
    const fixture = await relayWithMember({ faults: { authProcessingDelayMs: 150 } });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, readback: false, cleanup: false }, fixture.secretKey);
    expect(verdict.ok).toBe(true);
    expect(verdict.timings.authMs).toBeGreaterThanOrEqual(140);
    // One AUTH, one EVENT: the message never overtook the AUTH and came back as auth-required.
    expect(Object.fromEntries(relay.received)).toEqual({ AUTH: 1, EVENT: 1 });
  });

  it('picks its OK out of noise: OKs for other ids, NOTICE, foreign EVENT and CLOSED', async () => {
    const fixture = await relayWithMember({ faults: { noiseBeforeOk: true } });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url }, fixture.secretKey);
    expect(verdict.ok).toBe(true);
  });

  it('ignores garbage and binary frames', async () => {
    const fixture = await relayWithMember({ faults: { garbageBeforeOk: true } });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url }, fixture.secretKey);
    expect(verdict.ok).toBe(true);
  });

  it('passes on a slow relay that answers inside the deadline, and times the slowness', async () => {
    const fixture = await relayWithMember({ faults: { answerDelayMs: 200 } });
    relay = fixture.relay;
    const { verdict } = await probe({ relayUrl: relay.url, timeoutMs: 3_000 }, fixture.secretKey);
    expect(verdict.ok).toBe(true);
    expect(verdict.timings.publishMs).toBeGreaterThanOrEqual(190);
  });
});
