/**
 * The dashboard's template variables: which CloudWatch data source and region, which relay and group (read from
 * the canary's own `Success` series, so only places the canary has probed are offered), which Synthetics
 * canaries, and which canary log groups to read failure messages from.
 */
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  Dimension,
  MetricName,
  SYNTHETICS_CANARY_DIMENSION,
  SYNTHETICS_NAMESPACE,
  SyntheticsMetric,
} from '../../canary/metrics/definitions.js';

/** Variable names, and the `$name` form queries use. */
export const Variable = {
  datasource: 'datasource',
  region: 'region',
  relay: 'relay',
  group: 'group',
  canary: 'canary',
  logGroup: 'log_group',
} as const;

export const ref = (name: (typeof Variable)[keyof typeof Variable]): string => `$${name}`;

/** Every panel queries the CloudWatch data source the operator picks. */
export const CLOUDWATCH: DataSourceRef = { type: 'cloudwatch', uid: `\${${Variable.datasource}}` };

/** Synthetics canaries log to `/aws/lambda/cwsyn-<canary name>-<canary id>`. */
const SYNTHETICS_LOG_GROUP_PREFIX = '/aws/lambda/cwsyn-';

function cloudWatchVariable(name: string, label: string, query: Record<string, unknown>): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(CLOUDWATCH)
    .query({ refId: name, region: ref(Variable.region), ...query })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
}

export function dashboardVariables(namespace: string): (DatasourceVariableBuilder | QueryVariableBuilder)[] {
  return [
    new DatasourceVariableBuilder(Variable.datasource).label('CloudWatch').type('cloudwatch'),
    new QueryVariableBuilder(Variable.region)
      .label('Region')
      .datasource(CLOUDWATCH)
      .query({ refId: Variable.region, queryType: 'regions' })
      .current({ text: 'default', value: 'default' })
      .refresh(VariableRefresh.OnDashboardLoad)
      .sort(VariableSort.AlphabeticalAsc),
    cloudWatchVariable(Variable.relay, 'Relay', {
      queryType: 'dimensionValues',
      namespace,
      metricName: MetricName.Success,
      dimensionKey: Dimension.Relay,
      dimensionFilters: {},
    }),
    cloudWatchVariable(Variable.group, 'Group', {
      queryType: 'dimensionValues',
      namespace,
      metricName: MetricName.Success,
      dimensionKey: Dimension.Group,
      dimensionFilters: { [Dimension.Relay]: ref(Variable.relay) },
    }),
    cloudWatchVariable(Variable.canary, 'Synthetics canary', {
      queryType: 'dimensionValues',
      namespace: SYNTHETICS_NAMESPACE,
      metricName: SyntheticsMetric.SuccessPercent,
      dimensionKey: SYNTHETICS_CANARY_DIMENSION,
      dimensionFilters: {},
    })
      .multi(true)
      .includeAll(true)
      .allValue('*'),
    cloudWatchVariable(Variable.logGroup, 'Canary log group', {
      queryType: 'logGroups',
      logGroupPrefix: SYNTHETICS_LOG_GROUP_PREFIX,
    }).multi(true),
  ];
}
