import { randomBytes } from 'node:crypto';
import type { Verdict } from './verdict.js';
import type { FailureReason } from './vocabulary.js';

/**
 * The verdict of a target whose run stopped before contacting the relay (its key could not be read, or its
 * settings are unusable), shaped like the probe's own so the log line, metrics and CLI treat it like any other.
 * `phase` is null: no phase started.
 */
export function verdictBeforeProbe(
  target: { readonly relayUrl: string; readonly group: string },
  failure: { readonly reason: FailureReason; readonly message: string },
  startedAt: Date,
  totalMs: number,
): Verdict {
  return {
    ok: false,
    reason: failure.reason,
    phase: null,
    message: failure.message,
    prefix: null,
    relay: target.relayUrl,
    group: target.group,
    eventId: null,
    runId: randomBytes(6).toString('hex'),
    startedAt: startedAt.toISOString(),
    timings: { connectMs: null, authMs: null, publishMs: null, readbackMs: null, totalMs: Math.round(totalMs) },
    certDaysRemaining: null,
    cleanup: null,
  };
}
