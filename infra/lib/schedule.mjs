/**
 * Synthetics rate expressions, as the canary's schedule parameter takes them. The alarm's period is derived
 * from the schedule so that "two consecutive failed runs" keeps meaning that when the schedule changes.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours)\)$/;
const SECONDS_PER_UNIT = { minute: 60, minutes: 60, hour: 3600, hours: 3600 };

/** Synthetics accepts rate(1 minute) to rate(1 hour); rate(0 minute) means "run once when started". */
export const MAX_PERIOD_SECONDS = 3600;

/**
 * Seconds between runs of a `rate(...)` expression; 0 for the run-once `rate(0 minute)`.
 * Throws with what to write instead when the expression is not one Synthetics (and this stack) accepts.
 */
export function ratePeriodSeconds(expression) {
  const match = RATE.exec(String(expression).trim());
  if (match === null) {
    throw new Error(
      `schedule "${expression}" is not a rate expression: use e.g. rate(5 minutes) ` +
        '(cron() is not supported here because the failure alarm needs a fixed period)',
    );
  }
  const seconds = Number(match[1]) * SECONDS_PER_UNIT[match[2]];
  if (seconds > MAX_PERIOD_SECONDS) {
    throw new Error(`schedule "${expression}" is longer than Synthetics allows: use at most rate(1 hour)`);
  }
  return seconds;
}
