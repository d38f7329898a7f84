/**
 * How often the scheduled canary runs, and how far back an alert must look to see a given number of runs.
 * The alert windows are derived from this, not typed in, so changing the schedule changes every rule.
 */

/** The Synthetics schedule: one run every five minutes (`rate(5 minutes)`). */
export const RUN_INTERVAL_SECONDS = 300;

/**
 * How late a run's datapoints may land in CloudWatch and still be counted: the run itself (bounded by its
 * deadline) plus PutMetricData ingestion. A window of `n` intervals plus this always holds the last `n` runs.
 */
export const INGESTION_ALLOWANCE_SECONDS = 120;

/**
 * The look-back that holds at least the last `runs` runs. It can hold one run more (when the oldest has not yet
 * aged out), which delays a rule by at most INGESTION_ALLOWANCE_SECONDS but never lets fewer runs decide it.
 */
export function lookbackForRuns(runs: number): number {
  return runs * RUN_INTERVAL_SECONDS + INGESTION_ALLOWANCE_SECONDS;
}
