import type { DoctorReport } from './doctor-checks.js';

const MARK = { ok: 'ok  ', fail: 'FAIL', unknown: '??  ' } as const;

/** One line per check, what to do under each failure, the caveats, then the verdict last where the eye lands. */
export function humanDoctorReport(report: DoctorReport): string[] {
  const width = Math.max(...report.checks.map((c) => c.check.length));
  const lines = [`zooid-canary doctor: relay=${report.relay} group=${report.group} pubkey=${report.pubkey}`];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.check.padEnd(width)}  ${check.finding}`);
    if (check.next !== null) lines.push(`     ${''.padEnd(width)}  next: ${check.next}`);
  }
  for (const caveat of report.caveats) lines.push(`note: ${caveat}`);
  lines.push(report.summary);
  return lines;
}

/** The machine contract of `doctor --json`: one line. */
export function jsonDoctorReport(report: DoctorReport): string {
  return JSON.stringify(report);
}
