import { randomBytes } from 'node:crypto';
import type { ProbeConfig } from './probe-config.js';
import { signGroupMessage, type Signer } from './canary-events.js';
import { authenticate } from './nip42-auth.js';
import { messagePrefix } from './relay-message.js';
import { RelaySession, type OkAnswer } from './relay-session.js';
import { ProbeFailure, type PhaseTimings, type Verdict } from './verdict.js';
import type { Phase } from './vocabulary.js';

/** What the probe needs from the outside world, so tests can pin time and identity. */
export interface ProbeDeps {
  readonly sign: Signer;
  /** Monotonic milliseconds, for timings. Default performance.now. */
  readonly monotonicMs?: () => number;
  /** Wall clock, for created_at and startedAt. Default Date. */
  readonly wallClock?: () => Date;
  /** Default: 12 random hex chars. */
  readonly runId?: string;
}

/**
 * One canary run: connect, NIP-42 AUTH, publish a kind-9 group message, wait for its OK.
 * Never throws for anything the relay or the network does; every outcome is a Verdict.
 */
export async function runProbe(config: ProbeConfig, deps: ProbeDeps): Promise<Verdict> {
  const now = deps.monotonicMs ?? (() => performance.now());
  const startedAt = (deps.wallClock ?? (() => new Date()))();
  const runId = deps.runId ?? randomBytes(6).toString('hex');
  const start = now();
  const timings: PhaseTimings = { connectMs: null, authMs: null, publishMs: null, totalMs: 0 };
  const elapsed = (since: number) => Math.round(now() - since);
  let phase: Phase = 'connect';
  let eventId: string | null = null;
  let authenticated = false;

  const verdict = (failure: ProbeFailure | null): Verdict => ({
    ok: failure === null,
    reason: failure?.reason ?? null,
    phase: failure === null ? null : phase,
    message: failure?.message ?? null,
    prefix: failure?.prefix ?? null,
    relay: config.relayUrl,
    group: config.group,
    eventId,
    runId,
    startedAt: startedAt.toISOString(),
    timings: { ...timings, totalMs: elapsed(start) },
  });

  // The deadline exists before any work starts, so no phase can outlive it.
  const session = new RelaySession(config.relayUrl, config);
  const deadline = setTimeout(
    () => session.abort(new ProbeFailure('timeout', timeoutMessage(phase, config, eventId, authenticated) + session.context())),
    config.timeoutMs,
  );
  try {
    await session.whenOpen();
    timings.connectMs = elapsed(start);

    phase = 'auth';
    const timedAuth = async (challenge: string) => {
      const authStart = now();
      await authenticate(session, deps.sign, challenge, unixSeconds(deps));
      timings.authMs = elapsed(authStart);
      authenticated = true;
    };
    // zooid sends the challenge right after the upgrade.
    const challenge = await session.challengeWithin(Math.min(config.challengeGraceMs, config.timeoutMs));
    if (challenge !== null) await timedAuth(challenge);

    phase = 'publish';
    const message = signGroupMessage(deps.sign, config.group, runId, startedAt);
    eventId = message.id;
    let publishStart = now();
    let answer = await session.request('EVENT', message);
    if (!answer.accepted && messagePrefix(answer.message) === 'auth-required' && !authenticated) {
      // A relay that did not challenge up front re-sends the challenge just before `auth-required:`.
      phase = 'auth';
      const late = await session.challengeWithin(0);
      if (late === null) throw new ProbeFailure('auth', `${relayWords(answer)} (and the relay sent no AUTH challenge to answer)`, 'auth-required');
      await timedAuth(late);
      phase = 'publish';
      publishStart = now();
      answer = await session.request('EVENT', message);
    }
    if (!answer.accepted) throw rejection(answer);
    timings.publishMs = elapsed(publishStart);
    return verdict(null);
  } catch (error) {
    if (error instanceof ProbeFailure) return verdict(error);
    throw error;
  } finally {
    clearTimeout(deadline);
    await session.close();
  }
}

function rejection(answer: OkAnswer): ProbeFailure {
  const prefix = messagePrefix(answer.message);
  return new ProbeFailure(prefix === 'auth-required' ? 'auth' : 'rejected', relayWords(answer), prefix);
}

function relayWords(answer: OkAnswer): string {
  return answer.message === '' ? 'relay refused without giving a reason' : answer.message;
}

function unixSeconds(deps: ProbeDeps): number {
  return Math.floor((deps.wallClock ?? (() => new Date()))().getTime() / 1000);
}

function timeoutMessage(phase: Phase, config: ProbeConfig, eventId: string | null, authenticated: boolean): string {
  const limit = `${config.timeoutMs / 1000} s`;
  switch (phase) {
    case 'connect':
      return `WebSocket to ${config.relayUrl} not open within ${limit}: TCP, TLS or the upgrade stalled; check the relay's load balancer and that the relay process is up`;
    case 'auth':
      return `relay did not answer the NIP-42 AUTH within ${limit}: the relay is up but its auth path is stuck`;
    case 'publish':
      return authenticated
        ? `relay did not answer the group message ${eventId} within ${limit}: the relay is up and authenticated the canary, but its write path is stuck (database, membership cache)`
        : `relay sent no AUTH challenge and did not answer the group message ${eventId} within ${limit}: the relay accepts connections but answers nothing`;
  }
}
