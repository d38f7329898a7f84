/**
 * The deploy gate's logic: start a fresh run of an on-demand (rate(0 minute)) canary, find that run among the
 * canary's runs, and wait for its verdict. Clock, sleep and API are inputs, so tests shrink every interval.
 *
 * StartCanary returns no run id, so "our" run is the first run that was not listed just before the start
 * and that started no earlier than the start call (less an allowance for clock skew between this machine
 * and AWS). Snapshotting right before each start keeps a run someone else started earlier out of it.
 */
import { ApiErrorKind, CanaryApiError, RunState, type CanaryRun, type CanaryRunsApi } from './canary-runs.js';

export interface GateTiming {
  /** How long to wait for the verdict in all, including waiting for a busy canary. */
  readonly waitMs: number;
  /** Pause between GetCanaryRuns calls (and between start attempts while the canary is busy). */
  readonly pollMs: number;
  /** How far the AWS clock may be behind ours when we compare a run's start with our StartCanary call. */
  readonly clockSkewMs: number;
}

export const DEFAULT_TIMING: GateTiming = { waitMs: 300_000, pollMs: 5_000, clockSkewMs: 30_000 };

export type GateEvent =
  | { readonly type: 'busy' }
  | { readonly type: 'started' }
  | { readonly type: 'run'; readonly run: CanaryRun };

export interface GateDeps {
  readonly api: CanaryRunsApi;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onEvent?: (event: GateEvent) => void;
}

/** Where the wait stopped when time ran out. */
export const TimeoutPhase = {
  /** The canary stayed busy: no fresh run could be started. */
  starting: 'starting',
  /** Started, but the run never showed up in GetCanaryRuns. */
  waitingForRun: 'waitingForRun',
  /** The run showed up but did not finish. */
  running: 'running',
} as const;
export type TimeoutPhase = (typeof TimeoutPhase)[keyof typeof TimeoutPhase];

export type GateOutcome =
  | { readonly kind: 'passed' | 'failed'; readonly run: CanaryRun }
  | { readonly kind: 'timeout'; readonly phase: TimeoutPhase; readonly run?: CanaryRun };

/** Resolves to the verdict or a timeout; rejects only with CanaryApiError (or a bug). */
export async function awaitCanaryVerdict(canary: string, timing: GateTiming, deps: GateDeps): Promise<GateOutcome> {
  const deadline = deps.now() + timing.waitMs;
  // A second bound that does not trust the clock: no more calls than the wait allows at the poll interval.
  let callsLeft = Math.ceil(timing.waitMs / timing.pollMs) + 2;
  const outOfTime = () => callsLeft <= 0 || deps.now() >= deadline;
  const pause = () => deps.sleep(Math.max(0, Math.min(timing.pollMs, deadline - deps.now())));

  let known: ReadonlySet<string>;
  let startCalledAt: number;
  for (;;) {
    callsLeft -= 1;
    known = new Set((await deps.api.recentRuns(canary)).map((run) => run.id));
    startCalledAt = deps.now();
    try {
      await deps.api.start(canary);
      break;
    } catch (error) {
      if (!(error instanceof CanaryApiError && error.kind === ApiErrorKind.busy)) throw error;
      deps.onEvent?.({ type: 'busy' });
    }
    if (outOfTime()) return { kind: 'timeout', phase: TimeoutPhase.starting };
    await pause();
  }
  deps.onEvent?.({ type: 'started' });

  let seen: CanaryRun | undefined;
  for (;;) {
    callsLeft -= 1;
    const ours = pickStartedRun(await deps.api.recentRuns(canary), known, startCalledAt - timing.clockSkewMs);
    if (ours !== undefined) {
      if (ours.state !== seen?.state) deps.onEvent?.({ type: 'run', run: ours });
      seen = ours;
      if (ours.state === RunState.passed) return { kind: 'passed', run: ours };
      if (ours.state === RunState.failed) return { kind: 'failed', run: ours };
    }
    if (outOfTime()) {
      return seen === undefined
        ? { kind: 'timeout', phase: TimeoutPhase.waitingForRun }
        : { kind: 'timeout', phase: TimeoutPhase.running, run: seen };
    }
    await pause();
  }
}

/** The earliest run that is new since `known` and started no earlier than `notBefore` (epoch ms). */
export function pickStartedRun(runs: readonly CanaryRun[], known: ReadonlySet<string>, notBefore: number): CanaryRun | undefined {
  const fresh = runs.filter((run) => !known.has(run.id) && (run.startedAt === undefined || run.startedAt.getTime() >= notBefore));
  return fresh.sort((a, b) => (a.startedAt?.getTime() ?? Infinity) - (b.startedAt?.getTime() ?? Infinity))[0];
}
