/**
 * The committed alert rule file, parsed and evaluated: its queries name only defined metrics and dimensions, and
 * its reduce/threshold logic, run through a model of Grafana's evaluation on simulated CloudWatch data, pages
 * when two runs in a row fail (not on one), when the canary goes silent, and warns when publishing stays slow.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS, type FailureReason } from '../canary/core/vocabulary.js';
import { DEFAULT_METRIC_NAMESPACE, METRICS, type MetricName } from '../canary/metrics/definitions.js';
import type { AlertRuleFile, ProvisionedRule } from '../infra/grafana/alert-rule-file.js';
import { DATASOURCE_UID_ENV } from '../infra/grafana/alert-rule-file.js';
import { FIRST_STEP } from '../infra/grafana/alert-rules.js';
import { INGESTION_ALLOWANCE_SECONDS, RUN_INTERVAL_SECONDS } from '../infra/grafana/canary-schedule.js';
import { GeneratedPath } from '../infra/grafana/generated-files.js';
import { evaluateRule, type InstanceResult, type QueryResult, type Series } from '../infra/grafana/rule-evaluator.js';

const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'));
const file = readJson(GeneratedPath.alertRules) as AlertRuleFile;
const dashboard = readJson(GeneratedPath.dashboard) as { uid: string; panels: { id: number }[] };
const [group] = file.groups;
const rule = (uid: string): ProvisionedRule => {
  const found = group.rules.find((r) => r.uid === uid);
  if (found === undefined) throw new Error(`no rule ${uid}`);
  return found;
};
const dataSourceQueries = (r: ProvisionedRule) => r.data.filter((q) => q.datasourceUid !== '__expr__');

// --- Simulated CloudWatch -------------------------------------------------------------------------------------

const RELAY = 'relay.example.com';
const GROUP = 'canary';

interface Run {
  /** Seconds; the datapoints' timestamp (the run's start). */
  readonly at: number;
  readonly ok: boolean;
  readonly reason?: FailureReason;
  readonly publishMs?: number;
  readonly certDays?: number;
  readonly relay?: string;
}

/** The datum a run publishes for a metric, as the emitter does: Failure only on failed runs, latency when timed. */
function datum(run: Run, metric: string, statistic: string): { labels: Record<string, string>; value: number } | null {
  const labels = { Relay: run.relay ?? RELAY, Group: GROUP };
  switch (metric) {
    case 'Success':
      return { labels, value: statistic === 'SampleCount' ? 1 : run.ok ? 1 : 0 };
    case 'Failure':
      return run.ok ? null : { labels: { ...labels, Reason: run.reason ?? 'timeout' }, value: 1 };
    case 'PublishLatency':
      return run.publishMs === undefined ? null : { labels, value: run.publishMs };
    case 'CertDaysRemaining':
      return run.certDays === undefined ? null : { labels: { Relay: labels.Relay }, value: run.certDays };
    default:
      throw new Error(`the simulation does not publish ${metric}`);
  }
}

/**
 * What CloudWatch hands Grafana for each of the rule's queries at `now`: one datapoint per run that has landed
 * (`delay` seconds after it started) inside the query's look-back. Buckets are not modelled: each 5-minute bucket
 * holds at most one scheduled run, and max/min/sum over buckets equal max/min/sum over runs. Series without a
 * datapoint are left out and no series at all is no data, as Grafana's REMOVE_EMPTY(SEARCH()) does.
 */
function cloudWatch(r: ProvisionedRule, runs: readonly Run[], now: number, delay: number): Record<string, QueryResult> {
  const results: Record<string, QueryResult> = {};
  for (const query of dataSourceQueries(r)) {
    const { metricName, statistic } = query.model as { metricName: string; statistic: string };
    const from = now - (query.relativeTimeRange?.from ?? 0);
    const series = new Map<string, Series & { values: number[] }>();
    for (const run of runs.filter((run) => run.at >= from && run.at + delay <= now)) {
      const point = datum(run, metricName, statistic);
      if (point === null) continue;
      const key = JSON.stringify(point.labels);
      const existing = series.get(key) ?? { labels: point.labels, values: [] };
      existing.values.push(point.value);
      series.set(key, existing);
    }
    results[query.refId] = series.size === 0 ? 'no-data' : { series: [...series.values()] };
  }
  return results;
}

/** Scheduled runs from t=0, one per interval, with the given outcomes. */
const schedule = (outcomes: readonly Partial<Run>[]): Run[] =>
  outcomes.map((outcome, i) => ({ ok: true, ...outcome, at: i * RUN_INTERVAL_SECONDS }));
const ok: Partial<Run> = { ok: true, publishMs: 120 };
const failed = (reason: FailureReason): Partial<Run> => ({ ok: false, reason });

const states = (results: InstanceResult[]) => results.map((r) => r.state);
const alerting = (results: InstanceResult[]) => results.filter((r) => r.state === 'Alerting');

/** Evaluation times every minute (and off the minute), from the first run to `end`. */
function evaluationTimes(end: number): number[] {
  const times: number[] = [];
  for (let t = 0; t <= end; t += 60) times.push(t, t + 17);
  return times;
}

// --- The file ---------------------------------------------------------------------------------------------------

describe('alert rule file', () => {
  it('is Grafana file provisioning, apiVersion 1, one rule group evaluated every minute', () => {
    expect(file.apiVersion).toBe(1);
    expect(file.groups).toHaveLength(1);
    expect(group).toMatchObject({ orgId: 1, name: expect.any(String), folder: expect.any(String), interval: '1m' });
    const uids = group.rules.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('reads CloudWatch through the data source uid Grafana expands from its environment', () => {
    for (const r of group.rules) {
      for (const q of dataSourceQueries(r)) expect(q.datasourceUid, r.uid).toBe(`\${${DATASOURCE_UID_ENV}}`);
      expect(r.data.map((q) => q.refId), r.uid).toContain(r.condition);
    }
  });

  it('queries only defined canary metrics, with exactly their dimensions, one alert per relay and group', () => {
    for (const r of group.rules) {
      for (const q of dataSourceQueries(r)) {
        const model = q.model as { namespace: string; metricName: string; dimensions: Record<string, string>; matchExact: boolean; period: string };
        const definition = METRICS[model.metricName as MetricName];
        expect(definition, `${r.uid}: ${model.metricName}`).toBeDefined();
        expect(model.namespace).toBe(DEFAULT_METRIC_NAMESPACE);
        expect(Object.keys(model.dimensions).sort(), r.uid).toEqual([...definition.dimensions].sort());
        expect(Object.values(model.dimensions).every((v) => v === '*'), r.uid).toBe(true);
        expect(model.matchExact).toBe(true);
        expect(model.period).toBe(String(RUN_INTERVAL_SECONDS));
      }
    }
  });

  it('labels every rule with a severity and no `$` (Grafana expands environment variables in labels)', () => {
    for (const r of group.rules) {
      expect(['critical', 'warning', 'info']).toContain(r.labels['severity']);
      expect(JSON.stringify(r.labels)).not.toContain('$');
      // Newer Grafana expands `${NAME}` in annotations too; `{{ $labels.X }}` templates are left alone.
      expect(JSON.stringify(r.annotations)).not.toContain('${');
    }
  });

  it("names the relay and the group (whichever the rule's metric has), and says what to do first, in every rule", () => {
    for (const r of group.rules) {
      const text = `${r.annotations['summary']} ${r.annotations['description']}`;
      for (const q of dataSourceQueries(r)) {
        for (const dimension of ['Relay', 'Group']) {
          if (dimension in (q.model['dimensions'] as object)) expect(text, r.uid).toContain(`$labels.${dimension}`);
        }
      }
      expect(r.annotations['runbook']?.length, r.uid).toBeGreaterThan(20);
    }
  });

  it('links each rule to a panel of the dashboard', () => {
    for (const r of group.rules) {
      expect(r.dashboardUid).toBe(dashboard.uid);
      expect(dashboard.panels.map((p) => p.id), r.uid).toContain(r.panelId);
    }
  });
});

// --- Canary failing -----------------------------------------------------------------------------------------------

describe('canary failing (reads Success)', () => {
  const failing = rule('zooid-canary-failing');
  const lastRunAt = (runs: Run[]) => runs[runs.length - 1]!.at;
  /** Evaluated well after the last run has landed and older runs have aged out of the window. */
  const steadyState = (runs: Run[]) => evaluateRule(failing, cloudWatch(failing, runs, lastRunAt(runs) + INGESTION_ALLOWANCE_SECONDS + 1, 30));

  it('fires when the last two runs failed', () => {
    expect(states(steadyState(schedule([ok, ok, failed('rejected'), failed('rejected')])))).toEqual(['Alerting']);
  });

  it('does not fire on one failed run, before or after a pass', () => {
    expect(states(steadyState(schedule([ok, ok, ok, failed('rejected')])))).toEqual(['Normal']);
    expect(states(steadyState(schedule([ok, failed('timeout'), ok])))).toEqual(['Normal']);
    expect(states(steadyState(schedule([failed('timeout'), ok, failed('timeout')])))).toEqual(['Normal']);
  });

  it('over every evaluation, never fires unless the last two landed runs failed, and fires within the allowance', () => {
    const runs = schedule([ok, failed('timeout'), ok, ok, failed('rejected'), failed('rejected'), failed('closed'), ok, failed('auth'), ok, ok, failed('connect'), failed('connect'), ok, ok]);
    for (const delay of [0, 30, 60, INGESTION_ALLOWANCE_SECONDS - 1]) {
      for (const now of evaluationTimes(lastRunAt(runs) + 600)) {
        const landed = runs.filter((run) => run.at + delay <= now);
        const [previous, latest] = landed.slice(-2);
        const lastTwoFailed = previous !== undefined && latest !== undefined && !previous.ok && !latest.ok;
        const fired = alerting(evaluateRule(failing, cloudWatch(failing, runs, now, delay))).length > 0;
        if (fired) expect(lastTwoFailed, `fired at ${now}s (delay ${delay}s) without two failed runs`).toBe(true);
        if (lastTwoFailed && now > latest!.at + INGESTION_ALLOWANCE_SECONDS) {
          expect(fired, `did not fire at ${now}s (delay ${delay}s) after two failed runs`).toBe(true);
        }
      }
    }
  });

  it('raises one alert per relay and group, labelled with them', () => {
    const runs = [
      ...schedule([ok, failed('rejected'), failed('rejected')]),
      ...schedule([ok, ok, ok]).map((run) => ({ ...run, relay: 'other.example.com' })),
    ];
    const results = evaluateRule(failing, cloudWatch(failing, runs, 600 + INGESTION_ALLOWANCE_SECONDS + 1, 30));
    expect(results).toHaveLength(2);
    expect(alerting(results).map((r) => r.labels)).toEqual([{ Relay: RELAY, Group: GROUP }]);
  });

  it('leaves a canary that stopped reporting to the silent rule, and shows a broken query as an error', () => {
    expect(states(evaluateRule(failing, { A: 'no-data' }))).toEqual(['Normal']);
    expect(states(evaluateRule(failing, { A: { error: 'AccessDenied' } }))).toEqual(['Error']);
  });
});

// --- Failure reason -----------------------------------------------------------------------------------------------

describe('canary failure reason (reads Failure by Reason)', () => {
  const reasonRule = rule('zooid-canary-failure-reason');
  const failing = rule('zooid-canary-failing');

  it('fires with the reason as a label alongside the failing page when both runs failed the same way', () => {
    const runs = schedule([ok, ok, failed('rejected'), failed('rejected')]);
    const now = runs[3]!.at + INGESTION_ALLOWANCE_SECONDS + 1;
    expect(states(evaluateRule(failing, cloudWatch(failing, runs, now, 30)))).toEqual(['Alerting']);
    expect(alerting(evaluateRule(reasonRule, cloudWatch(reasonRule, runs, now, 30))).map((r) => r.labels)).toEqual([
      { Relay: RELAY, Group: GROUP, Reason: 'rejected' },
    ]);
  });

  it('stays quiet for a single failure and while the canary passes', () => {
    const runs = schedule([ok, ok, ok, failed('timeout')]);
    const now = runs[3]!.at + INGESTION_ALLOWANCE_SECONDS + 1;
    expect(alerting(evaluateRule(reasonRule, cloudWatch(reasonRule, runs, now, 30)))).toEqual([]);
    expect(states(evaluateRule(reasonRule, cloudWatch(reasonRule, schedule([ok, ok, ok]), now, 30)))).toEqual(['Normal']);
  });

  it('tells the first step for each reason by its label, for known reasons only', () => {
    const runbook = reasonRule.annotations['runbook'] ?? '';
    for (const reason of Object.keys(FIRST_STEP)) {
      expect(FAILURE_REASONS, `first step for unknown reason ${reason}`).toContain(reason);
      expect(runbook).toContain(`eq $labels.Reason "${reason}"`);
    }
    const opened = runbook.match(/\{\{ if /g)?.length ?? 0;
    expect(opened).toBe(1);
    expect(runbook.match(/\{\{ end \}\}/g)?.length).toBe(opened);
  });
});

// --- Canary silent ------------------------------------------------------------------------------------------------

describe('canary silent (no data for 15 minutes)', () => {
  const silent = rule('zooid-canary-silent');
  const fifteenMinutes = 15 * 60;

  it('fires on no data at all: a stopped canary must not look healthy', () => {
    expect(states(evaluateRule(silent, { A: 'no-data' }))).toEqual(['Alerting']);
  });

  it('fires for a series that is still listed but has no datapoints', () => {
    expect(states(evaluateRule(silent, { A: { series: [{ labels: { Relay: RELAY, Group: GROUP }, values: [] }] } }))).toEqual(['Alerting']);
  });

  it('over every evaluation, stays quiet while a run landed in the last 15 minutes and fires after', () => {
    const runs = schedule([ok, failed('timeout'), ok, ok]);
    const delay = 60;
    const lastLanded = runs[3]!.at + delay;
    for (const now of evaluationTimes(lastLanded + 2 * fifteenMinutes).filter((t) => t >= runs[0]!.at + delay)) {
      const state = states(evaluateRule(silent, cloudWatch(silent, runs, now, delay)));
      const sinceLastRun = now - runs.filter((run) => run.at + delay <= now).at(-1)!.at;
      expect(state, `${now}s, ${sinceLastRun}s after the last run`).toEqual([sinceLastRun > fifteenMinutes ? 'Alerting' : 'Normal']);
    }
  });

  it('counts failing runs as reports: failing is the failing rule, not silence', () => {
    const runs = schedule([failed('rejected'), failed('rejected'), failed('rejected')]);
    expect(states(evaluateRule(silent, cloudWatch(silent, runs, runs[2]!.at + 60, 30)))).toEqual(['Normal']);
  });
});

// --- Slow publish -------------------------------------------------------------------------------------------------

describe('slow publish (warning)', () => {
  const slow = rule('zooid-canary-slow-publish');
  const run = (publishMs: number): Partial<Run> => ({ ok: true, publishMs });
  const at = (runs: Run[]) => runs[runs.length - 1]!.at + INGESTION_ALLOWANCE_SECONDS + 1;
  const evaluate = (runs: Run[]) => evaluateRule(slow, cloudWatch(slow, runs, at(runs), 30));

  it('warns when publishing took over 2 s on each of the last three runs', () => {
    expect(slow.labels['severity']).toBe('warning');
    expect(states(evaluate(schedule([run(100), run(2500), run(2600), run(2100)])))).toEqual(['Alerting']);
  });

  it('does not warn for two slow runs, or when the latest run was fast', () => {
    expect(states(evaluate(schedule([run(100), run(100), run(2500), run(2600)])))).toEqual(['Normal']);
    expect(states(evaluate(schedule([run(2500), run(2600), run(2700), run(1900)])))).toEqual(['Normal']);
  });

  it('leaves runs without a publish latency (failed runs) to the other rules', () => {
    expect(states(evaluateRule(slow, { A: 'no-data' }))).toEqual(['Normal']);
  });
});

describe('certificate expiring (warning, issue 6)', () => {
  const cert = rule('zooid-canary-cert-expiring');
  const run = (certDays: number): Partial<Run> => ({ ok: true, certDays });
  const at = (runs: Run[]) => runs[runs.length - 1]!.at + INGESTION_ALLOWANCE_SECONDS + 1;
  const evaluate = (runs: Run[]) => evaluateRule(cert, cloudWatch(cert, runs, at(runs), 30));

  it('warns once per relay when the latest run saw under 14 days left', () => {
    expect(cert.labels['severity']).toBe('warning');
    const results = evaluate(schedule([run(15), run(13.9)]));
    expect(states(results)).toEqual(['Alerting']);
    expect(results[0]?.labels).toEqual({ Relay: RELAY });
  });

  it('stays quiet at 14 days or more, and for ws:// relays that report no certificate', () => {
    expect(states(evaluate(schedule([run(13), run(14)])))).toEqual(['Normal']);
    expect(states(evaluateRule(cert, { A: 'no-data' }))).toEqual(['Normal']);
  });
});
