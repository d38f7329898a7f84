import type { Verdict } from '../core/verdict.js';

/** One line a person can read at 3 a.m.: verdict first, then where, how long, and the relay's words. */
export function humanVerdictLine(verdict: Verdict): string {
  const t = verdict.timings;
  const ms = (value: number | null) => (value === null ? '-' : `${value}ms`);
  const timings = `connect=${ms(t.connectMs)} auth=${ms(t.authMs)} publish=${ms(t.publishMs)} total=${ms(t.totalMs)}`;
  const where = `relay=${verdict.relay} group=${verdict.group}`;
  if (verdict.ok) return `PASS ${where} ${timings} event=${verdict.eventId ?? '-'}`;
  return `FAIL ${verdict.reason} (in ${verdict.phase}) ${where} ${timings}: ${verdict.message}`;
}

/** The machine contract of `--json`: one line, `reason` null when ok. */
export function jsonVerdictLine(verdict: Verdict): string {
  return JSON.stringify(verdict);
}
