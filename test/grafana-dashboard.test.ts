/**
 * The committed dashboard only asks CloudWatch for series the canary (or Synthetics) really publishes, shows
 * every defined metric and failure reason, and its Logs Insights query reads the verdict line the handler writes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS } from '../canary/core/vocabulary.js';
import {
  DEFAULT_METRIC_NAMESPACE,
  LATENCY_METRICS,
  METRICS,
  SYNTHETICS_CANARY_DIMENSION,
  SYNTHETICS_NAMESPACE,
  SyntheticsMetric,
  type MetricName,
} from '../canary/metrics/definitions.js';
import { VERDICT_LOG_MARKER } from '../canary/metrics/log-marker.js';
import { GeneratedPath } from '../infra/grafana/generated-files.js';
import { canaryDimensions } from '../infra/grafana/cloudwatch-query.js';

interface Target {
  refId: string;
  queryMode: string;
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  matchExact?: boolean;
  expression?: string;
  label?: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  targets?: Target[];
}
interface VariableModel {
  name: string;
  type: string;
  query: string | Record<string, unknown>;
}

const dashboard = JSON.parse(readFileSync(new URL(`../${GeneratedPath.dashboard}`, import.meta.url), 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: VariableModel[] };
};
const panels = dashboard.panels.filter((p) => p.type !== 'row');
const targets = panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target })));
const metricTargets = targets.filter(({ target }) => target.queryMode === 'Metrics');
const canaryTargets = metricTargets.filter(({ target }) => target.namespace === DEFAULT_METRIC_NAMESPACE);
const panelTitled = (title: string) => {
  const panel = panels.find((p) => p.title === title);
  if (panel === undefined) throw new Error(`no panel titled ${title}`);
  return panel;
};

describe('dashboard queries', () => {
  it('use only the canary namespace and the Synthetics namespace', () => {
    expect(metricTargets.length).toBeGreaterThan(0);
    for (const { panel, target } of metricTargets) {
      expect([DEFAULT_METRIC_NAMESPACE, SYNTHETICS_NAMESPACE], panel.title).toContain(target.namespace);
    }
  });

  it('name defined canary metrics with exactly their defined dimensions, for the chosen relay and group', () => {
    for (const { panel, target } of canaryTargets) {
      const definition = METRICS[target.metricName as MetricName];
      expect(definition, `${panel.title}: ${target.metricName}`).toBeDefined();
      expect(Object.keys(target.dimensions ?? {}).sort(), panel.title).toEqual([...definition.dimensions].sort());
      expect(target.matchExact, panel.title).toBe(true);
      if (definition.dimensions.includes('Relay')) expect(target.dimensions?.['Relay']).toBe('$relay');
      if (definition.dimensions.includes('Group')) expect(target.dimensions?.['Group']).toBe('$group');
      const reason = target.dimensions?.['Reason'];
      if (reason !== undefined) expect(FAILURE_REASONS).toContain(reason);
    }
  });

  it("read Synthetics' own metrics by canary name", () => {
    const synthetics = metricTargets.filter(({ target }) => target.namespace === SYNTHETICS_NAMESPACE);
    expect(synthetics.map(({ target }) => target.metricName).sort()).toEqual(Object.values(SyntheticsMetric).sort());
    for (const { target } of synthetics) expect(Object.keys(target.dimensions ?? {})).toEqual([SYNTHETICS_CANARY_DIMENSION]);
  });

  it('chart every defined metric somewhere, so a new metric cannot be left off', () => {
    const charted = new Set(canaryTargets.map(({ target }) => target.metricName));
    expect([...charted].sort()).toEqual(Object.keys(METRICS).sort());
  });

  it('show latency for every latency metric, in the defined order', () => {
    const latency = panelTitled('Latency per phase');
    expect(latency.targets?.map((t) => t.metricName)).toEqual([...LATENCY_METRICS]);
  });

  it('stack failures with one series per failure reason, so rejected stands apart from timeout', () => {
    const failures = panelTitled('Failures by reason');
    expect(failures.targets?.map((t) => t.dimensions?.['Reason'])).toEqual([...FAILURE_REASONS]);
    expect(failures.targets?.map((t) => t.label)).toEqual([...FAILURE_REASONS]);
    expect(new Set(failures.targets?.map((t) => t.refId)).size).toBe(FAILURE_REASONS.length);
  });

  it('have a unique refId within each panel and a unique id per panel', () => {
    for (const panel of panels) {
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size, panel.title).toBe(refIds.length);
    }
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('dashboard variables', () => {
  const variable = (name: string) => {
    const found = dashboard.templating.list.find((v) => v.name === name);
    if (found === undefined) throw new Error(`no variable ${name}`);
    return found;
  };

  it('offer data source, region, relay and group', () => {
    expect(variable('datasource')).toMatchObject({ type: 'datasource', query: 'cloudwatch' });
    for (const name of ['region', 'relay', 'group']) expect(variable(name).type).toBe('query');
  });

  it("list relays and groups from the canary's own Success series", () => {
    for (const [name, dimension] of [['relay', 'Relay'], ['group', 'Group']] as const) {
      const query = variable(name).query as Record<string, unknown>;
      expect(query).toMatchObject({ queryType: 'dimensionValues', namespace: DEFAULT_METRIC_NAMESPACE, dimensionKey: dimension });
      expect(METRICS[query['metricName'] as MetricName].dimensions).toContain(dimension);
    }
  });
});

describe('relay failure messages panel', () => {
  const logs = targets.filter(({ target }) => target.queryMode === 'Logs');
  const expression = logs[0]?.target.expression ?? '';

  /** The Logs Insights `parse @message /regex/` steps, run with JavaScript's regex engine (same syntax here). */
  function parseLikeLogsInsights(line: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const [, source] of expression.matchAll(/^\| parse @message \/(.*)\/$/gm)) {
      Object.assign(fields, new RegExp(source ?? '').exec(line)?.groups ?? {});
    }
    return fields;
  }

  it('is one Logs Insights query filtering on the marker the handler logs', () => {
    expect(logs).toHaveLength(1);
    expect(expression).toContain(`filter @message like "${VERDICT_LOG_MARKER}"`);
  });

  it("pulls the relay's words and the reason out of a logged verdict", () => {
    const verdict = {
      ok: false,
      reason: 'rejected',
      phase: 'publish',
      message: 'restricted: you are not a member of that group',
      prefix: 'restricted',
      relay: 'wss://relay.example.com',
      group: 'canary',
    };
    const line = `2026-05-09T12:00:00.000Z\tabc-123\tINFO\t${VERDICT_LOG_MARKER} ${JSON.stringify(verdict)}`;
    expect(parseLikeLogsInsights(line)).toEqual({
      ok: 'false',
      reason: 'rejected',
      message: 'restricted: you are not a member of that group',
      relay: 'wss://relay.example.com',
      group: 'canary',
    });
  });

  it('keeps a message with quotes in it whole', () => {
    const line = `${VERDICT_LOG_MARKER} ${JSON.stringify({ ok: false, message: 'blocked: "spam" detected', relay: 'r', group: 'g' })}`;
    expect(parseLikeLogsInsights(line)['message']).toBe(String.raw`blocked: \"spam\" detected`);
  });

  it('keeps only failed runs of the chosen relay and group, newest first', () => {
    expect(expression).toContain('filter ok = "false" and relay like "$relay" and group = "$group"');
    expect(expression).toContain('sort @timestamp desc');
  });
});

describe('canaryDimensions', () => {
  it('refuses a query that leaves out a dimension or names one the metric does not have', () => {
    expect(() => canaryDimensions('Success', { Relay: '*' })).toThrow(/needs a value for dimension Group/);
    expect(() => canaryDimensions('Success', { Relay: '*', Group: '*', Reason: '*' })).toThrow(/has no dimension Reason/);
    expect(canaryDimensions('Failure', { Reason: 'timeout', Group: 'g', Relay: 'r' })).toEqual({ Relay: 'r', Group: 'g', Reason: 'timeout' });
  });
});
