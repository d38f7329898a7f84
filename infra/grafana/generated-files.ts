/**
 * What the generator writes, as text. Tests compare these strings with the committed files, so a change to the
 * metric definitions or the generator that was not regenerated fails CI instead of shipping a stale dashboard.
 */
import { buildAlertRuleFile } from './alert-rule-file.js';
import { buildDashboard } from './dashboard.js';

/** Paths relative to the repository root. */
export const GeneratedPath = {
  dashboard: 'infra/grafana/dashboard.json',
  alertRules: 'infra/grafana/alert-rules.json',
} as const;

// JSON, not YAML: Grafana's alerting provisioning reads .json as well, and it needs no YAML library.
const asFileText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function renderGeneratedFiles(): Readonly<Record<keyof typeof GeneratedPath, string>> {
  return { dashboard: asFileText(buildDashboard()), alertRules: asFileText(buildAlertRuleFile()) };
}
