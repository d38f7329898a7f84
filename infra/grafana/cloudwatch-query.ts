/**
 * The one place that knows how a CloudWatch metric query looks in Grafana, shared by the dashboard and the alert
 * rules, and the one place that turns a metric definition into the dimensions a query may name.
 */
import {
  MetricEditorMode,
  MetricQueryType,
  MetricsQueryBuilder,
  QueryMode,
} from '@grafana/grafana-foundation-sdk/cloudwatch';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { METRICS, type Dimension, type MetricName } from '../../canary/metrics/definitions.js';

export type Statistic = 'Average' | 'Minimum' | 'Maximum' | 'Sum' | 'SampleCount';

export interface MetricQueryOptions {
  readonly refId: string;
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension name to value; a value may be `*` or a dashboard variable such as `$relay`. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: Statistic;
  readonly periodSeconds: number;
  /** `default` means the data source's default region. */
  readonly region: string;
  /** Series name shown in legends. Omitted: Grafana's own. */
  readonly label?: string;
  /** Omitted in alert rules, where the query's datasourceUid says it. */
  readonly datasource?: DataSourceRef;
}

export function metricQuery(options: MetricQueryOptions): MetricsQueryBuilder {
  const query = new MetricsQueryBuilder()
    .queryMode(QueryMode.Metrics)
    .metricQueryType(MetricQueryType.Search)
    .metricEditorMode(MetricEditorMode.Builder)
    .refId(options.refId)
    .region(options.region)
    .namespace(options.namespace)
    .metricName(options.metricName)
    .dimensions({ ...options.dimensions })
    // Only series with exactly these dimension names: `Failure` (with Reason) never leaks into a `Success` query.
    .matchExact(true)
    .statistic(options.statistic)
    .period(String(options.periodSeconds));
  if (options.label !== undefined) query.label(options.label);
  if (options.datasource !== undefined) query.datasource(options.datasource);
  return query;
}

/**
 * The dimensions of one canary metric, each given a value. Throws when a value is missing or names a dimension
 * the metric does not have, so no query can ask for a series the emitter never sends.
 */
export function canaryDimensions(
  metric: MetricName,
  values: Readonly<Partial<Record<Dimension, string>>>,
): Record<string, string> {
  const defined: readonly string[] = METRICS[metric].dimensions;
  const unknown = Object.keys(values).filter((name) => !defined.includes(name));
  if (unknown.length > 0) throw new Error(`${metric} has no dimension ${unknown.join(', ')}`);
  const dimensions: Record<string, string> = {};
  for (const name of METRICS[metric].dimensions) {
    const value = values[name];
    if (value === undefined) throw new Error(`${metric} needs a value for dimension ${name}`);
    dimensions[name] = value;
  }
  return dimensions;
}
