import type { CanaryRun } from '../core/canary-run.js';
import type { Verdict } from '../core/verdict.js';

/** One line a person can read at 3 a.m.: verdict first, then where, how long, and the relay's words. */
export function humanVerdictLine(verdict: Verdict): string {
  const t = verdict.timings;
  const ms = (value: number | null) => (value === null ? '-' : `${value}ms`);
  const timings = `connect=${ms(t.connectMs)} auth=${ms(t.authMs)} publish=${ms(t.publishMs)} readback=${ms(t.readbackMs)} total=${ms(t.totalMs)}`;
  const cert = verdict.certDaysRemaining === null ? '' : ` cert=${verdict.certDaysRemaining}d`;
  const where = `relay=${verdict.relay} group=${verdict.group}`;
  // A run that stopped before contacting the relay (no key, bad settings) has no phase to name.
  const phase = verdict.phase === null ? '' : ` (in ${verdict.phase})`;
  if (!verdict.ok) return `FAIL ${verdict.reason}${phase} ${where} ${timings}${cert}: ${verdict.message}`;
  const cleanup = verdict.cleanup === null || verdict.cleanup.deleted ? '' : ` (clean-up failed: ${verdict.cleanup.message})`;
  return `PASS ${where} ${timings}${cert} event=${verdict.eventId ?? '-'}${cleanup}`;
}

/** A line per target, and for several targets a closing line that names every failure. */
export function humanRunLines(run: CanaryRun): string[] {
  const lines = run.verdicts.map(humanVerdictLine);
  if (run.verdicts.length > 1) lines.push(`${run.ok ? 'PASS' : 'FAIL'} ${run.summary}`);
  return lines;
}

/** The machine contract of `--json`: one line per relay × group target, `reason` null when ok. */
export function jsonVerdictLine(verdict: Verdict): string {
  return JSON.stringify(verdict);
}
