/**
 * The CloudWatch Synthetics entry point (bundled by build.mjs as index.js, Handler `index.handler`): read the
 * environment, get the key from Secrets Manager, probe each relay (all its groups) as a Synthetics step, log each
 * verdict, publish the run's metrics, and throw when any target failed so Synthetics marks the run failed.
 */
import { synthetics } from '@aws/synthetics-playwright';
import { signerFor } from '../core/canary-events.js';
import { targetsOf, type CanaryConfig as ProbeSettings } from '../core/canary-config.js';
import { newRunContext } from '../core/canary-run.js';
import { probeRelay, type RunContext } from '../core/relay-probe.js';
import type { Verdict } from '../core/verdict.js';
import { VERDICT_LOG_MARKER } from '../metrics/log-marker.js';
import { metricDataFor, relayDimension } from '../metrics/metric-data.js';
import { publishMetrics } from '../metrics/publish-metrics.js';
import { forgetCanaryKey, readCanaryKey } from '../secrets/secrets-manager-key.js';
import { verdictBeforeProbe } from '../core/verdict-before-probe.js';
import { readCanaryEnvironment, type SyntheticsRunConfig } from './canary-environment.js';

export interface HandlerOptions {
  /** Longest wait for PutMetricData, retries included. Default 3 000 (DEFAULT_METRICS_DEADLINE_MS). */
  readonly metricsDeadlineMs?: number;
  /** Longest wait for GetSecretValue, retries included. Default 5 000 (DEFAULT_SECRET_DEADLINE_MS). */
  readonly secretDeadlineMs?: number;
}

/** What the handler throws to fail a Synthetics run; its message is what the console shows as the cause. */
export class CanaryRunFailed extends Error {
  override readonly name = 'CanaryRunFailed';
}

/** The Synthetics step of one relay. Its name is the StepName dimension of the step metrics: keep it stable. */
export function stepNameFor(relayUrl: string): string {
  return `probe ${relayDimension(relayUrl)}`;
}

export function createHandler(options: HandlerOptions = {}): () => Promise<void> {
  return async function handler(): Promise<void> {
    const startedAt = new Date();
    const start = performance.now();
    const environment = readCanaryEnvironment(process.env);
    if (!environment.ok) {
      const problems = environment.problems.map((problem) => `  - ${problem}`).join('\n');
      const message = `config: the canary's environment variables are unusable:\n${problems}\nFix them on the canary (see the README, "Running in CloudWatch Synthetics").`;
      if (environment.labels !== null) {
        const failure = { reason: 'config', message: environment.problems.join('; ') } as const;
        const verdicts = environment.labels.targets.map((target) => verdictBeforeProbe(target, failure, startedAt, performance.now() - start));
        await report(verdicts, environment.labels.metricNamespace, options);
      }
      throw new CanaryRunFailed(message);
    }

    const { config } = environment;
    console.log(`zooid-canary: ${config.trigger} run of ${config.canary.relays.join(', ')} with group(s) ${config.canary.groups.join(', ')}`);
    const verdicts: Verdict[] = [];
    try {
      await probeEveryTarget(config, options, verdicts, startedAt, start);
    } finally {
      await report(verdicts, config.metricNamespace, options);
    }
    const failed = verdicts.filter((verdict) => !verdict.ok);
    if (failed.length > 0) throw new CanaryRunFailed(`${failed.map(failureSummary).join('\n')}\n(${config.trigger} run)`);
  };
}

export const handler = createHandler();

async function probeEveryTarget(
  config: SyntheticsRunConfig,
  options: HandlerOptions,
  verdicts: Verdict[],
  startedAt: Date,
  start: number,
): Promise<void> {
  const key = await readCanaryKey(config.secretId, options.secretDeadlineMs);
  if (!key.ok) {
    verdicts.push(...targetsOf(config.canary).map((target) => verdictBeforeProbe(target, key, startedAt, performance.now() - start)));
    return;
  }
  const context = newRunContext({ sign: signerFor(key.key) });
  // Synthetics steps run one after another, so relays do too; a relay's groups share its one connection.
  for (const relayUrl of config.canary.relays) {
    const relayVerdicts = await probeRelayAsStep(relayUrl, config.canary, context);
    verdicts.push(...relayVerdicts);
    // A refused key may have been rotated since this container read it: read the secret again next run.
    if (relayVerdicts.some((verdict) => verdict.reason === 'auth' || verdict.reason === 'rejected')) forgetCanaryKey(config.secretId);
  }
}

/**
 * One step per relay, so the step's Duration is the real time spent with that relay and its SuccessPercent is
 * that relay's pass rate. Phases are not steps: the probe is one pure unit, and phase latencies go to our own
 * metrics instead.
 */
async function probeRelayAsStep(relayUrl: string, canary: ProbeSettings, context: RunContext): Promise<Verdict[]> {
  let verdicts: Verdict[] | undefined;
  try {
    await synthetics.executeStep(stepNameFor(relayUrl), async () => {
      verdicts = await probeRelay(relayUrl, canary, context);
      const failed = verdicts.filter((verdict) => !verdict.ok);
      if (failed.length > 0) throw new CanaryRunFailed(failed.map(failureSummary).join('\n'));
    });
  } catch (error) {
    // Without verdicts the step itself broke (a bug or the library), not the relay.
    if (verdicts === undefined) throw error;
  }
  if (verdicts === undefined) throw new Error(`Synthetics step "${stepNameFor(relayUrl)}" returned without running the probe`);
  return verdicts;
}

/** Logs every verdict on the marker line the dashboard parses, then publishes the run's metrics (bounded, never throws). */
async function report(verdicts: readonly Verdict[], namespace: string, options: HandlerOptions): Promise<void> {
  for (const verdict of verdicts) console.log(`${VERDICT_LOG_MARKER} ${JSON.stringify(verdict)}`);
  if (verdicts.length === 0) return;
  const data = metricDataFor(verdicts);
  const outcome = await publishMetrics(data, { namespace, deadlineMs: options.metricsDeadlineMs });
  if (outcome.ok) console.log(`zooid-canary: published ${data.length} metric data to ${namespace} in ${outcome.calls} PutMetricData call(s)`);
  else console.error(`zooid-canary: metrics not published (the verdict stands): ${outcome.problem}`);
}

/** `rejected in publish at relay.example.com group canary: restricted: you are not a member of that group` */
function failureSummary(verdict: Verdict): string {
  const phase = verdict.phase === null ? '' : ` in ${verdict.phase}`;
  return `${verdict.reason}${phase} at ${relayDimension(verdict.relay)} group ${verdict.group}: ${verdict.message}`;
}
