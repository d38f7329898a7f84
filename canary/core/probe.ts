import { resolveCanaryConfig } from './canary-config.js';
import { runCanary, type CanaryDeps } from './canary-run.js';
import type { ProbeConfig } from './probe-config.js';
import type { Verdict } from './verdict.js';

/** One relay, one group: the single-target form of runCanary. */
export async function runProbe(config: ProbeConfig, deps: CanaryDeps): Promise<Verdict> {
  const resolved = resolveCanaryConfig({ ...config, relays: [config.relayUrl], groups: [config.group] });
  if (!resolved.ok) throw new Error(`invalid probe config: ${resolved.problems.join('; ')}`);
  const run = await runCanary(resolved.value, deps);
  return run.verdicts[0]!;
}
