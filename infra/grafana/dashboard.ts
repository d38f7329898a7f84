/**
 * The zooid canary dashboard: a function from options to the dashboard model, with a fixed uid so re-importing a
 * regenerated file updates the dashboard in place instead of creating a copy.
 */
import { DashboardBuilder, DashboardCursorSync, RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DEFAULT_METRIC_NAMESPACE } from '../../canary/metrics/definitions.js';
import {
  canaryQueryIn,
  failureMessagesPanel,
  failuresByReasonPanel,
  lastRunPanel,
  latencyPanel,
  otherMetricPanels,
  RowId,
  successRatePanel,
  syntheticsDurationPanel,
  syntheticsSuccessPanel,
} from './dashboard-panels.js';
import { dashboardVariables } from './dashboard-variables.js';

export const DASHBOARD_UID = 'zooid-canary';

export interface DashboardOptions {
  /** The emitter's METRIC_NAMESPACE. Default: DEFAULT_METRIC_NAMESPACE. */
  readonly namespace?: string;
}

export function buildDashboard(options: DashboardOptions = {}): Dashboard {
  const namespace = options.namespace ?? DEFAULT_METRIC_NAMESPACE;
  const query = canaryQueryIn(namespace);
  const dashboard = new DashboardBuilder('Zooid canary')
    .uid(DASHBOARD_UID)
    .description('Synthetic write probe of NIP-29 (zooid) group relays: AUTH, publish a group message, wait for the OK.')
    .tags(['zooid-canary', 'generated'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-24h', to: 'now' })
    .refresh('1m')
    .variables(dashboardVariables(namespace))
    .withRow(new RowBuilder('Health').id(RowId.health))
    .withPanel(lastRunPanel(query))
    .withPanel(successRatePanel(query))
    .withPanel(failuresByReasonPanel(query))
    .withPanel(latencyPanel(query))
    .withRow(new RowBuilder('What the relay said').id(RowId.relayWords))
    .withPanel(failureMessagesPanel())
    .withRow(new RowBuilder('CloudWatch Synthetics').id(RowId.synthetics))
    .withPanel(syntheticsSuccessPanel())
    .withPanel(syntheticsDurationPanel());
  const others = otherMetricPanels(query);
  if (others.length > 0) {
    dashboard.withRow(new RowBuilder('Other canary metrics').id(RowId.otherMetrics));
    for (const panel of others) dashboard.withPanel(panel);
  }
  return dashboard.build();
}
