/**
 * The gate's words for a deploy pipeline's log: progress as it happens, one verdict line at the end, and for
 * AWS errors, what to do next.
 */
import { ApiErrorKind, type CanaryApiError, type CanaryRun } from './canary-runs.js';
import { TimeoutPhase, type GateEvent, type GateOutcome } from './await-verdict.js';

export function eventLine(canary: string, event: GateEvent, pollSeconds: number): string {
  switch (event.type) {
    case 'busy':
      return `gate: ${canary} is busy (a run or an update is in progress); trying to start it again in ${pollSeconds} s`;
    case 'started':
      return `gate: started ${canary}; waiting for its run`;
    case 'run':
      return `gate: run ${event.run.id} ${event.run.state}`;
  }
}

/** `PASSED canary=... run=... duration=8.4s reason="..."`, the verdict first so it greps. */
export function outcomeLine(canary: string, outcome: GateOutcome, waitSeconds: number): string {
  if (outcome.kind !== 'timeout') {
    return `${outcome.run.state} canary=${canary} ${runFields(outcome.run)}`;
  }
  const why: Record<TimeoutPhase, string> = {
    starting: `the canary stayed busy for ${waitSeconds} s, so no fresh run could be started`,
    waitingForRun: `the run did not show up in ${waitSeconds} s`,
    running: `the run did not finish in ${waitSeconds} s`,
  };
  const run = outcome.run === undefined ? '' : ` ${runFields(outcome.run)}`;
  return (
    `TIMEOUT canary=${canary}${run}: ${why[outcome.phase]}. Raise --wait, or look at the canary's runs: ` +
    `aws synthetics get-canary-runs --name ${canary}`
  );
}

function runFields(run: CanaryRun): string {
  const duration =
    run.startedAt !== undefined && run.completedAt !== undefined
      ? `${((run.completedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)}s`
      : '-';
  const reason = run.stateReason === undefined ? '' : ` reason=${JSON.stringify(run.stateReason)}`;
  return `run=${run.id} duration=${duration}${reason}`;
}

/** One stderr message for an AWS error: what happened, in AWS's words, and what to do about it. */
export function apiErrorMessage(error: CanaryApiError, canary: string, region: string | undefined): string {
  const where = region === undefined ? '' : ` in ${region}`;
  const next: Record<ApiErrorKind, string> = {
    notFound:
      `no canary named ${canary}${where}: pass the stack output DeployCanaryName as --canary, ` +
      'and the region the stack is in as --region',
    accessDenied:
      `AWS refused access: the pipeline's role needs synthetics:StartCanary and synthetics:GetCanaryRuns ` +
      `on the canary ${canary}${where}`,
    noCredentials:
      'no AWS credentials found: run where the pipeline role is assumed, or set AWS_PROFILE or the ' +
      'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables',
    noRegion: 'no AWS region: pass --region or set AWS_REGION',
    busy: `the canary ${canary} stayed busy: try again when its current run or update is over`,
    other: `AWS call failed${where}; retry, and if it persists check the canary in the Synthetics console`,
  };
  return `zooid-canary gate: ${next[error.kind]}\n  (${error.message})`;
}
