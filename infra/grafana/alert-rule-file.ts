/**
 * Turns ALERT_RULES into a Grafana alerting provisioning file (`apiVersion: 1`, one rule group). Rules are built
 * with the foundation SDK, then written in the file-provisioning shape, which names the folder by title and the
 * group by name instead of by uid.
 */
import { QueryBuilder, RuleBuilder, type Rule } from '@grafana/grafana-foundation-sdk/alerting';
import { TypeReduceBuilder, TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';
import { DEFAULT_METRIC_NAMESPACE, METRICS } from '../../canary/metrics/definitions.js';
import { ALERT_RULES, type AlertRuleSpec, type ExecErrState, type NoDataState } from './alert-rules.js';
import { RUN_INTERVAL_SECONDS } from './canary-schedule.js';
import { canaryDimensions, metricQuery } from './cloudwatch-query.js';
import { DASHBOARD_UID } from './dashboard.js';

/**
 * Grafana expands `${NAME}` from its environment in a provisioned query's datasourceUid, so one committed file
 * works against any CloudWatch data source: set this variable to its uid.
 */
export const DATASOURCE_UID_ENV = 'ZOOID_CANARY_CLOUDWATCH_UID';

const EXPRESSION = { type: '__expr__', uid: '__expr__' } as const;
const RefId = { query: 'A', reduce: 'B', threshold: 'C' } as const;

export const RULE_GROUP = { orgId: 1, name: 'zooid-canary', folder: 'Zooid canary', interval: '1m' } as const;

export interface ProvisionedQuery {
  readonly refId: string;
  readonly datasourceUid: string;
  readonly relativeTimeRange?: { readonly from: number; readonly to: number };
  readonly model: Readonly<Record<string, unknown>>;
}

export interface ProvisionedRule {
  readonly uid: string;
  readonly title: string;
  readonly condition: string;
  readonly data: readonly ProvisionedQuery[];
  readonly dashboardUid: string;
  readonly panelId: number;
  readonly noDataState: NoDataState;
  readonly execErrState: ExecErrState;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly isPaused: boolean;
}

export interface AlertRuleFile {
  readonly apiVersion: 1;
  readonly groups: readonly [
    { readonly orgId: number; readonly name: string; readonly folder: string; readonly interval: string; readonly rules: readonly ProvisionedRule[] },
  ];
}

export interface AlertRuleOptions {
  /** The emitter's METRIC_NAMESPACE. Default: DEFAULT_METRIC_NAMESPACE. */
  readonly namespace?: string;
  /** Default: `${ZOOID_CANARY_CLOUDWATCH_UID}`, expanded by Grafana when it provisions the file. */
  readonly datasourceUid?: string;
}

function buildRule(spec: AlertRuleSpec, namespace: string, datasourceUid: string): Rule {
  const wildcard = Object.fromEntries(METRICS[spec.metric].dimensions.map((name) => [name, '*']));
  const query = new QueryBuilder(RefId.query)
    .datasourceUid(datasourceUid)
    .relativeTimeRange({ from: spec.lookbackSeconds, to: 0 })
    .model(
      metricQuery({
        refId: RefId.query,
        namespace,
        metricName: spec.metric,
        dimensions: canaryDimensions(spec.metric, { ...wildcard, ...spec.dimensions }),
        statistic: spec.statistic,
        periodSeconds: RUN_INTERVAL_SECONDS,
        region: 'default',
      }),
    );
  const reduce = new QueryBuilder(RefId.reduce).datasourceUid(EXPRESSION.uid).model(
    new TypeReduceBuilder()
      .refId(RefId.reduce)
      .datasource(EXPRESSION)
      .expression(RefId.query)
      .reducer(spec.reducer)
      // Missing buckets (no run in them) are dropped, not turned into NaN that would poison max/min/sum.
      .settings({ mode: 'dropNN' }),
  );
  const threshold = new QueryBuilder(RefId.threshold).datasourceUid(EXPRESSION.uid).model(
    new TypeThresholdBuilder()
      .refId(RefId.threshold)
      .datasource(EXPRESSION)
      .expression(RefId.reduce)
      .conditions([{ evaluator: { type: spec.threshold.type, params: [...spec.threshold.params] } }]),
  );
  return new RuleBuilder(spec.title)
    .uid(spec.uid)
    .queries([query, reduce, threshold])
    .condition(RefId.threshold)
    .noDataState(spec.noDataState)
    // A query that errors must not look like a healthy relay: Grafana raises its own error alert.
    .execErrState('Error')
    // The look-back window already asks for several runs; waiting longer only delays the page.
    .forDuration('0s')
    .labels({ severity: spec.severity, service: 'zooid-canary' })
    .annotations({ summary: spec.summary, description: spec.description, runbook: spec.runbook })
    .build();
}

function toProvisioned(rule: Rule, spec: AlertRuleSpec): ProvisionedRule {
  return {
    uid: spec.uid,
    title: rule.title,
    condition: rule.condition,
    data: rule.data.map((query) => ({
      refId: query.refId ?? '',
      datasourceUid: query.datasourceUid ?? '',
      ...(query.relativeTimeRange === undefined
        ? {}
        : { relativeTimeRange: { from: query.relativeTimeRange.from ?? 0, to: query.relativeTimeRange.to ?? 0 } }),
      model: { ...query.model },
    })),
    dashboardUid: DASHBOARD_UID,
    panelId: spec.panelId,
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    for: rule.for,
    labels: rule.labels ?? {},
    annotations: rule.annotations ?? {},
    isPaused: false,
  };
}

export function buildAlertRuleFile(options: AlertRuleOptions = {}): AlertRuleFile {
  const namespace = options.namespace ?? DEFAULT_METRIC_NAMESPACE;
  const datasourceUid = options.datasourceUid ?? `\${${DATASOURCE_UID_ENV}}`;
  return {
    apiVersion: 1,
    groups: [{ ...RULE_GROUP, rules: ALERT_RULES.map((spec) => toProvisioned(buildRule(spec, namespace, datasourceUid), spec)) }],
  };
}
