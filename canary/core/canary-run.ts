import { randomBytes } from 'node:crypto';
import type { CanaryConfig } from './canary-config.js';
import type { Signer } from './canary-events.js';
import { probeRelay, type RunContext } from './relay-probe.js';
import type { Verdict } from './verdict.js';

/** What the run needs from the outside world, so tests can pin time and identity. */
export interface CanaryDeps {
  readonly sign: Signer;
  /** Default performance.now. */
  readonly monotonicMs?: () => number;
  /** Default the system clock. */
  readonly wallClock?: () => Date;
  /** Default 12 random hex characters. */
  readonly runId?: string;
}

/** One run over every relay × group target. It fails if any target fails. */
export interface CanaryRun {
  readonly ok: boolean;
  /** One per relay × group, relays in config order, groups in config order within each. */
  readonly verdicts: readonly Verdict[];
  /** One sentence naming every failed target, for a thrown error or a page. */
  readonly summary: string;
}

/** Probes every relay concurrently, each over one connection for all groups. Never throws for relay faults. */
export async function runCanary(config: CanaryConfig, deps: CanaryDeps): Promise<CanaryRun> {
  const context = newRunContext(deps);
  const verdicts = (await Promise.all(config.relays.map((relay) => probeRelay(relay, config, context)))).flat();
  return { ok: verdicts.every((verdict) => verdict.ok), verdicts, summary: summarize(verdicts) };
}

/** What every relay of one run shares; for callers that drive probeRelay themselves (one Synthetics step each). */
export function newRunContext(deps: CanaryDeps): RunContext {
  const wallClock = deps.wallClock ?? (() => new Date());
  return {
    sign: deps.sign,
    monotonicMs: deps.monotonicMs ?? (() => performance.now()),
    wallClock,
    runId: deps.runId ?? randomBytes(6).toString('hex'),
    startedAt: wallClock(),
  };
}

export function summarize(verdicts: readonly Verdict[]): string {
  const failed = verdicts.filter((verdict) => !verdict.ok);
  if (failed.length === 0) return verdicts.length === 1 ? 'passed' : `all ${verdicts.length} targets passed`;
  const each = failed.map((verdict) => `${verdict.relay} group ${verdict.group}: ${verdict.reason}: ${verdict.message}`);
  return failed.length === 1 && verdicts.length === 1 ? each[0]! : `${failed.length} of ${verdicts.length} targets failed: ${each.join('; ')}`;
}
