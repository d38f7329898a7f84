import type { FailureReason, Phase } from './vocabulary.js';

/** Milliseconds per phase; null for a phase the run never completed. */
export interface PhaseTimings {
  connectMs: number | null;
  authMs: number | null;
  publishMs: number | null;
  readbackMs: number | null;
  /** Start of the run to the verdict (for a pass: the accepted OK, then the read-back when on). */
  totalMs: number;
}

/** What became of the canary message after a passing run (NIP-09 deletion). */
export interface Cleanup {
  deleted: boolean;
  /** The relay's words (or ours) when the deletion failed. */
  message: string | null;
}

/** What one run saw, as data. The probe never throws on relay faults; adapters decide what a verdict means. */
export interface Verdict {
  ok: boolean;
  /** Null when ok. */
  reason: FailureReason | null;
  /** The phase the run stopped in; null when ok. */
  phase: Phase | null;
  /** The relay's own words when it gave any (`restricted: you are not a member of that group`), else ours. */
  message: string | null;
  /** The OK/CLOSED prefix (`restricted`, `invalid`, `auth-required`, ...) when the relay gave one. */
  prefix: string | null;
  relay: string;
  group: string;
  /** Id of the kind-9 message, once it was signed. */
  eventId: string | null;
  /** Written into the message content, so a person reading the group can match a message to a run. */
  runId: string;
  startedAt: string;
  timings: PhaseTimings;
  /** Days until the relay's TLS certificate expires (wss), one decimal; null for ws:// or no connection. */
  certDaysRemaining: number | null;
  /** Null when clean-up is off or the run failed. A failed deletion never fails the run. */
  cleanup: Cleanup | null;
}

/** A fault that ends a run. Thrown inside the probe and always turned into a Verdict before it leaves. */
export class ProbeFailure extends Error {
  override readonly name = 'ProbeFailure';
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly prefix: string | null = null,
  ) {
    super(message);
  }
}
