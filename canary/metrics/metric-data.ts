import type { Dimension as CloudWatchDimension, MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { PhaseTimings, Verdict } from '../core/verdict.js';
import { PHASES, type Phase } from '../core/vocabulary.js';
import { Dimension, METRICS, MetricName, PHASE_LATENCY_METRIC } from './definitions.js';

/** The `Relay` dimension: the URL's host, with the port when the URL names a non-default one. */
export function relayDimension(relayUrl: string): string {
  return new URL(relayUrl).host;
}

/**
 * What a run saw, as CloudWatch data: one verdict per relay × group target. Success for every verdict;
 * Failure (with Reason) only for failed ones; a latency for each phase the run completed, and the total only
 * for a pass; CertDaysRemaining once per relay. Names, units and dimensions all come from definitions.ts, so a metric added there (and a phase
 * added to PHASE_LATENCY_METRIC) flows in here without a second spelling.
 */
export function metricDataFor(verdicts: readonly Verdict[]): MetricDatum[] {
  const perTarget = verdicts.flatMap((verdict) => {
    const data = [datum(MetricName.Success, verdict.ok ? 1 : 0, verdict)];
    if (!verdict.ok) data.push(datum(MetricName.Failure, 1, verdict));
    for (const phase of PHASES) {
      const ms = phaseMs(verdict.timings, phase);
      if (ms !== null) data.push(datum(PHASE_LATENCY_METRIC[phase], ms, verdict));
    }
    if (verdict.ok) data.push(datum(MetricName.Latency, verdict.timings.totalMs, verdict));
    return data;
  });
  return [...perTarget, ...certificateData(verdicts)];
}

/** A certificate belongs to a relay: one CertDaysRemaining per relay that showed one, however many groups. */
function certificateData(verdicts: readonly Verdict[]): MetricDatum[] {
  const reported = new Set<string>();
  return verdicts.flatMap((verdict) => {
    if (verdict.certDaysRemaining === null || reported.has(verdict.relay)) return [];
    reported.add(verdict.relay);
    return [datum(MetricName.CertDaysRemaining, verdict.certDaysRemaining, verdict)];
  });
}

function datum(name: MetricName, value: number, verdict: Verdict): MetricDatum {
  return {
    MetricName: name,
    Unit: METRICS[name].unit,
    Value: value,
    Timestamp: new Date(verdict.startedAt),
    Dimensions: dimensionsOf(name, verdict),
  };
}

function dimensionsOf(name: MetricName, verdict: Verdict): CloudWatchDimension[] {
  return METRICS[name].dimensions.map((dimension) => ({ Name: dimension, Value: dimensionValue(dimension, verdict) }));
}

function dimensionValue(dimension: Dimension, verdict: Verdict): string {
  switch (dimension) {
    case Dimension.Relay:
      return relayDimension(verdict.relay);
    case Dimension.Group:
      return verdict.group;
    case Dimension.Reason:
      // Only Failure carries Reason, and only failed verdicts get a Failure datum.
      if (verdict.reason === null) throw new Error(`a passing verdict has no Reason dimension (metric definitions are wrong)`);
      return verdict.reason;
  }
}

/** PhaseTimings names each phase's field `<phase>Ms`; the type check below keeps that true as phases are added. */
function phaseMs(timings: PhaseTimings, phase: Phase): number | null {
  const field = `${phase}Ms` as const satisfies keyof PhaseTimings;
  return timings[field];
}
