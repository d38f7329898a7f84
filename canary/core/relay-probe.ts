import type { VerifiedEvent } from 'nostr-tools/pure';
import type { CanaryConfig } from './canary-config.js';
import { signDeletion, signGroupMessage, type Signer } from './canary-events.js';
import { authenticate } from './nip42-auth.js';
import { readBack } from './read-back.js';
import { messagePrefix } from './relay-message.js';
import { RelaySession, type OkAnswer } from './relay-session.js';
import { ProbeFailure, type Cleanup, type PhaseTimings, type Verdict } from './verdict.js';
import type { Phase } from './vocabulary.js';

/** What every relay of one run shares. */
export interface RunContext {
  readonly sign: Signer;
  /** Monotonic milliseconds, for timings. */
  readonly monotonicMs: () => number;
  /** Wall clock, for created_at, startedAt and certificate expiry. */
  readonly wallClock: () => Date;
  /** Written into each message's content, so a person reading the group can match a message to a run. */
  readonly runId: string;
  readonly startedAt: Date;
}

const DAY_MS = 86_400_000;

/**
 * Probes one relay with every group of the run over a single connection: connect, NIP-42 AUTH once, then per
 * group publish, wait for its OK, read it back and delete it. One verdict per group, in config order.
 * Never throws for anything the relay or the network does.
 */
export async function probeRelay(relayUrl: string, config: CanaryConfig, context: RunContext): Promise<Verdict[]> {
  const { sign, monotonicMs: now } = context;
  const start = now();
  const elapsed = (since: number) => Math.round(now() - since);
  const shared = { connectMs: null as number | null, authMs: null as number | null, certDaysRemaining: null as number | null };
  const runs = config.groups.map((group) => new GroupRun(group));
  let relayPhase: Phase = 'connect';
  let authenticated = false;

  // The deadline exists before any work starts, so no phase can outlive it.
  const session = new RelaySession(relayUrl, config);
  const deadline = new ProbeFailure('timeout', 'deadline');
  const timer = setTimeout(() => session.abort(deadline), config.timeoutMs);

  const timedAuth = async (challenge: string) => {
    const authStart = now();
    await authenticate(session, sign, challenge, unixSeconds(context.wallClock()));
    shared.authMs = elapsed(authStart);
    authenticated = true;
  };
  // Concurrent groups that all hear `auth-required` must share one AUTH, not race several.
  let lateAuth: Promise<void> | null = null;
  const authenticateLate = (answer: OkAnswer) =>
    (lateAuth ??= session.challengeWithin(0).then((challenge) => {
      if (challenge === null) throw new ProbeFailure('auth', `${answer.message} (and the relay sent no AUTH challenge to answer)`, 'auth-required');
      return timedAuth(challenge);
    }));

  const probeGroup = async (run: GroupRun, index: number): Promise<void> => {
    run.phase = 'publish';
    const message = signGroupMessage(sign, run.group, context.runId, context.startedAt, config.messageTtlSeconds);
    run.eventId = message.id;
    let publishStart = now();
    let answer = await session.request('EVENT', message);
    if (!answer.accepted && messagePrefix(answer.message) === 'auth-required' && !authenticated) {
      // A relay that did not challenge up front re-sends the challenge just before `auth-required:`.
      run.phase = 'auth';
      await authenticateLate(answer);
      run.phase = 'publish';
      publishStart = now();
      answer = await session.request('EVENT', message);
    }
    if (!answer.accepted) throw rejection(answer);
    run.timings.publishMs = elapsed(publishStart);

    if (config.readback) {
      run.phase = 'readback';
      const readStart = now();
      await readBack(session, message, run.group, `zc-${context.runId}-${index}`);
      run.timings.readbackMs = elapsed(readStart);
    }
    if (shared.certDaysRemaining !== null && shared.certDaysRemaining < config.certFloorDays) {
      run.phase = 'connect';
      throw certificateFailure(relayUrl, shared.certDaysRemaining, config.certFloorDays);
    }
    run.pass(elapsed(start));
    if (config.cleanup) run.cleanup = await deleteMessage(session, sign, message, run.group, context);
  };

  try {
    await session.whenOpen();
    shared.connectMs = elapsed(start);
    if (session.certificateExpiry !== null) {
      shared.certDaysRemaining = round1((session.certificateExpiry.getTime() - context.wallClock().getTime()) / DAY_MS);
    }
    relayPhase = 'auth';
    const challenge = await session.challengeWithin(Math.min(config.challengeGraceMs, config.timeoutMs));
    if (challenge !== null) await timedAuth(challenge);
    await Promise.all(
      runs.map((run, index) =>
        probeGroup(run, index).catch((error: unknown) => run.fail(asProbeFailure(error, run.phase, deadline, config, session, authenticated), elapsed(start))),
      ),
    );
  } catch (error) {
    // Connect or AUTH failed: every group of this relay shares the cause.
    for (const run of runs) run.fail(asProbeFailure(error, relayPhase, deadline, config, session, authenticated), elapsed(start), relayPhase);
  } finally {
    clearTimeout(timer);
    await session.close();
  }
  return runs.map((run) => run.verdict(relayUrl, context, shared));
}

/** One group's progress through a relay probe. */
class GroupRun {
  phase: Phase = 'publish';
  eventId: string | null = null;
  readonly timings = { publishMs: null as number | null, readbackMs: null as number | null };
  cleanup: Cleanup | null = null;
  private outcome: { failure: ProbeFailure | null; phase: Phase | null; totalMs: number } | null = null;

  constructor(readonly group: string) {}

  pass(totalMs: number): void {
    this.outcome = { failure: null, phase: null, totalMs };
  }

  fail(failure: ProbeFailure, totalMs: number, phase: Phase = this.phase): void {
    // A group that already passed keeps its verdict: a later fault can only spoil its clean-up.
    if (this.outcome === null) this.outcome = { failure, phase, totalMs };
  }

  verdict(relay: string, context: RunContext, shared: { connectMs: number | null; authMs: number | null; certDaysRemaining: number | null }): Verdict {
    const outcome = this.outcome ?? { failure: null, phase: null, totalMs: 0 };
    const timings: PhaseTimings = { connectMs: shared.connectMs, authMs: shared.authMs, ...this.timings, totalMs: outcome.totalMs };
    return {
      ok: outcome.failure === null,
      reason: outcome.failure?.reason ?? null,
      phase: outcome.phase,
      message: outcome.failure?.message ?? null,
      prefix: outcome.failure?.prefix ?? null,
      relay,
      group: this.group,
      eventId: this.eventId,
      runId: context.runId,
      startedAt: context.startedAt.toISOString(),
      timings,
      certDaysRemaining: shared.certDaysRemaining,
      cleanup: this.cleanup,
    };
  }
}

/** Deletes the canary's message. Its failure is reported, never a reason to fail the run. */
async function deleteMessage(session: RelaySession, sign: Signer, message: VerifiedEvent, group: string, context: RunContext): Promise<Cleanup> {
  try {
    const answer = await session.request('EVENT', signDeletion(sign, message, group, unixSeconds(context.wallClock())));
    return answer.accepted ? { deleted: true, message: null } : { deleted: false, message: answer.message || 'relay refused the deletion without a reason' };
  } catch (error) {
    if (error instanceof ProbeFailure) return { deleted: false, message: error.reason === 'timeout' ? 'no answer before the deadline' : error.message };
    throw error;
  }
}

function asProbeFailure(error: unknown, phase: Phase, deadline: ProbeFailure, config: CanaryConfig, session: RelaySession, authenticated: boolean): ProbeFailure {
  if (!(error instanceof ProbeFailure)) throw error;
  if (error !== deadline) return error;
  const words = timeoutMessage(phase, config, authenticated) + session.context();
  return new ProbeFailure(phase === 'readback' ? 'readback' : 'timeout', words);
}

function rejection(answer: OkAnswer): ProbeFailure {
  const prefix = messagePrefix(answer.message);
  const words = answer.message === '' ? 'relay refused without giving a reason' : answer.message;
  return new ProbeFailure(prefix === 'auth-required' ? 'auth' : 'rejected', words, prefix);
}

function certificateFailure(relayUrl: string, days: number, floorDays: number): ProbeFailure {
  return new ProbeFailure(
    'tls',
    `TLS certificate of ${new URL(relayUrl).host} expires in ${days} days, within the ${floorDays}-day floor: renew it (writes still work)`,
  );
}

function timeoutMessage(phase: Phase, config: CanaryConfig, authenticated: boolean): string {
  const limit = `${config.timeoutMs / 1000} s`;
  switch (phase) {
    case 'connect':
      return `WebSocket not open within ${limit}: TCP, TLS or the upgrade stalled; check the relay's load balancer and that the relay process is up`;
    case 'auth':
      return `relay did not answer the NIP-42 AUTH within ${limit}: the relay is up but its auth path is stuck`;
    case 'publish':
      return authenticated
        ? `relay did not answer the group message within ${limit}: the relay is up and authenticated the canary, but its write path is stuck (database, membership cache)`
        : `relay sent no AUTH challenge and did not answer the group message within ${limit}: the relay accepts connections but answers nothing`;
    case 'readback':
      return `relay accepted the group message but did not return it to a REQ within ${limit}: its read path is stuck`;
  }
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
