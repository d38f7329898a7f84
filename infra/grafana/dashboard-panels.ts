/**
 * The dashboard's panels, each built from the metric definitions: adding a latency metric, a failure reason or
 * a new canary metric to canary/metrics or canary/core adds its series here when the generator is re-run.
 */
import { LogGroupBuilder, LogsQueryBuilder, LogsQueryLanguage, QueryMode } from '@grafana/grafana-foundation-sdk/cloudwatch';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { MappingType, ThresholdsConfigBuilder, ThresholdsMode, type Threshold } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { FAILURE_REASONS, PHASES } from '../../canary/core/vocabulary.js';
import {
  LATENCY_METRICS,
  type Dimension,
  METRICS,
  MetricName,
  PHASE_LATENCY_METRIC,
  SYNTHETICS_CANARY_DIMENSION,
  SYNTHETICS_NAMESPACE,
  SyntheticsMetric,
  type MetricUnit,
} from '../../canary/metrics/definitions.js';
import { RUN_INTERVAL_SECONDS } from './canary-schedule.js';
import { canaryDimensions, metricQuery, type Statistic } from './cloudwatch-query.js';
import { CLOUDWATCH, Variable, ref } from './dashboard-variables.js';
import { verdictLogQuery } from './verdict-log-query.js';

/** Stable panel ids, so alert rules can link to a panel and a regenerated dashboard keeps its links. */
export const PanelId = {
  lastRun: 1,
  successRate: 2,
  failuresByReason: 3,
  latency: 4,
  failureMessages: 5,
  syntheticsSuccess: 6,
  syntheticsDuration: 7,
  /** Panels for metrics no fixed panel shows take ids from here on, in definition order. */
  firstOtherMetric: 100,
} as const;

/** Row ids, apart from panel ids so adding a panel never renumbers a row. */
export const RowId = { health: 50, relayWords: 51, synthetics: 52, otherMetrics: 53 } as const;

/** Grafana's unit for a CloudWatch unit; a unit it has no better name for is shown as a plain number. */
function grafanaUnit(unit: MetricUnit): string {
  const known: Readonly<Record<string, string>> = { Count: 'short', Milliseconds: 'ms', Seconds: 's', Percent: 'percent' };
  return known[unit] ?? 'none';
}

/** The metrics the fixed panels show; every other defined metric gets a panel of its own. */
const SHOWN_BY_FIXED_PANELS: readonly MetricName[] = [MetricName.Success, MetricName.Failure, ...LATENCY_METRICS];

/** A query on one canary metric for the dashboard's relay and group, one datapoint per scheduled run. */
export type CanaryQuery = (
  metric: MetricName,
  statistic: Statistic,
  refId: string,
  options?: { readonly reason?: string; readonly label?: string },
) => ReturnType<typeof metricQuery>;

/** The dashboard's selection, for whichever of these dimensions a metric has. */
const SELECTED: Readonly<Partial<Record<Dimension, string>>> = { Relay: ref(Variable.relay), Group: ref(Variable.group) };

export function canaryQueryIn(namespace: string): CanaryQuery {
  return (metric, statistic, refId, options = {}) =>
    metricQuery({
      refId,
      namespace,
      metricName: metric,
      dimensions: canaryDimensions(metric, {
        ...Object.fromEntries(METRICS[metric].dimensions.flatMap((name) => (name in SELECTED ? [[name, SELECTED[name]]] : []))),
        ...(options.reason === undefined ? {} : { Reason: options.reason }),
      }),
      statistic,
      periodSeconds: RUN_INTERVAL_SECONDS,
      region: ref(Variable.region),
      datasource: CLOUDWATCH,
      ...(options.label === undefined ? {} : { label: options.label }),
    });
}

const steps = (...thresholds: Threshold[]) => new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(thresholds);

const reduceTo = (calc: string) => new common.ReduceDataOptionsBuilder().calcs([calc]);

function timeseries(id: number, title: string, description: string): TimeseriesPanelBuilder {
  return new TimeseriesPanelBuilder()
    .id(id)
    .title(title)
    .description(description)
    .datasource(CLOUDWATCH)
    .height(8)
    .span(12)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
}

export function lastRunPanel(query: CanaryQuery): StatPanelBuilder {
  return new StatPanelBuilder()
    .id(PanelId.lastRun)
    .title('Last run')
    .description('Whether the most recent scheduled run got its group message accepted by the relay (Success of the last run).')
    .datasource(CLOUDWATCH)
    .height(6)
    .span(6)
    .withTarget(query(MetricName.Success, 'Minimum', 'A'))
    .reduceOptions(reduceTo('lastNotNull'))
    .mappings([
      {
        type: MappingType.ValueToText,
        options: { '0': { text: 'FAIL', color: 'red', index: 0 }, '1': { text: 'PASS', color: 'green', index: 1 } },
      },
    ])
    .thresholds(steps({ value: null, color: 'red' }, { value: 1, color: 'green' }))
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .noValue('NO DATA');
}

export function successRatePanel(query: CanaryQuery): StatPanelBuilder {
  return new StatPanelBuilder()
    .id(PanelId.successRate)
    .title('Success rate')
    .description('Share of scheduled runs in the selected time range that passed (mean of Success, one datapoint per run).')
    .datasource(CLOUDWATCH)
    .height(6)
    .span(6)
    .withTarget(query(MetricName.Success, 'Average', 'A'))
    .reduceOptions(reduceTo('mean'))
    .unit('percentunit')
    .decimals(1)
    .min(0)
    .max(1)
    .thresholds(steps({ value: null, color: 'red' }, { value: 0.95, color: 'orange' }, { value: 0.99, color: 'green' }))
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.Area);
}

export function failuresByReasonPanel(query: CanaryQuery): TimeseriesPanelBuilder {
  return timeseries(
    PanelId.failuresByReason,
    'Failures by reason',
    'Failed runs per 5 minutes, stacked by reason. `rejected` means the relay answered OK false (read its words below); ' +
      '`timeout`, `connect` and `closed` point at the relay or the network; `config` at the canary itself.',
  )
    .targets(FAILURE_REASONS.map((reason, i) => query(MetricName.Failure, 'Sum', `R${i}`, { reason, label: reason })))
    .drawStyle(common.GraphDrawStyle.Bars)
    .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal))
    .fillOpacity(80)
    .unit('short')
    .decimals(0)
    .min(0);
}

/** The phase a latency metric measures; `total` for the whole run. */
function latencyLabel(metric: MetricName): string {
  return PHASES.find((phase) => PHASE_LATENCY_METRIC[phase] === metric) ?? (metric === MetricName.Latency ? 'total' : metric);
}

export function latencyPanel(query: CanaryQuery): TimeseriesPanelBuilder {
  return timeseries(
    PanelId.latency,
    'Latency per phase',
    `How long each phase of a run took (${PHASES.join(', ')}) and the whole run (total, passing runs only). ` +
      'Phases a failed run did not complete are absent.',
  )
    .targets(LATENCY_METRICS.map((metric, i) => query(metric, 'Average', `L${i}`, { label: latencyLabel(metric) })))
    .unit('ms')
    .min(0)
    .span(24);
}

export function failureMessagesPanel(): TablePanelBuilder {
  return new TablePanelBuilder()
    .id(PanelId.failureMessages)
    .title("Relay's recent failure messages")
    .description(
      "Failed runs' verdicts from the canary's CloudWatch Logs, newest first. `message` is the relay's own words, " +
        'e.g. `restricted: you are not a member of that group`. Pick the canary log groups in the variable above.',
    )
    .datasource(CLOUDWATCH)
    .height(10)
    .span(24)
    .withTarget(
      new LogsQueryBuilder()
        .queryMode(QueryMode.Logs)
        .queryLanguage(LogsQueryLanguage.CWLI)
        .refId('A')
        .region(ref(Variable.region))
        .logGroups([new LogGroupBuilder().arn(ref(Variable.logGroup)).name(ref(Variable.logGroup))])
        .expression(verdictLogQuery(ref(Variable.relay), ref(Variable.group)))
        .datasource(CLOUDWATCH),
    )
    .cellHeight(common.TableCellHeight.Sm);
}

function syntheticsQuery(metric: string) {
  return metricQuery({
    refId: 'A',
    namespace: SYNTHETICS_NAMESPACE,
    metricName: metric,
    dimensions: { [SYNTHETICS_CANARY_DIMENSION]: ref(Variable.canary) },
    statistic: 'Average',
    periodSeconds: RUN_INTERVAL_SECONDS,
    region: ref(Variable.region),
    datasource: CLOUDWATCH,
    label: `\${PROP('Dim.${SYNTHETICS_CANARY_DIMENSION}')}`,
  });
}

export function syntheticsSuccessPanel(): TimeseriesPanelBuilder {
  return timeseries(
    PanelId.syntheticsSuccess,
    'Synthetics: success percent',
    "CloudWatch Synthetics' own view of each canary: the share of its runs that passed. A canary that stops running shows a gap here.",
  )
    .withTarget(syntheticsQuery(SyntheticsMetric.SuccessPercent))
    .unit('percent')
    .min(0)
    .max(100);
}

export function syntheticsDurationPanel(): TimeseriesPanelBuilder {
  return timeseries(PanelId.syntheticsDuration, 'Synthetics: run duration', 'How long each Synthetics canary run took, as Synthetics measures it.')
    .withTarget(syntheticsQuery(SyntheticsMetric.Duration))
    .unit('ms')
    .min(0);
}

/** One panel per defined metric that no fixed panel shows, so a new metric is charted as soon as it is defined. */
export function otherMetricPanels(query: CanaryQuery): TimeseriesPanelBuilder[] {
  return Object.values(METRICS)
    .filter((definition) => !SHOWN_BY_FIXED_PANELS.includes(definition.name))
    .map((definition, i) =>
      timeseries(PanelId.firstOtherMetric + i, definition.name, definition.description)
        .withTarget(query(definition.name, 'Average', 'A', { label: definition.name }))
        .unit(grafanaUnit(definition.unit)),
    );
}
