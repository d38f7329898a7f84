/**
 * The alert rules, one small entry each. Every rule has the same shape: one CloudWatch query over the last few
 * runs, reduced to one number per relay and group, compared with a threshold. A new rule (e.g. a certificate
 * expiry warning on CertDaysRemaining) is one more entry in ALERT_RULES.
 */
import { FailureReason } from '../../canary/core/vocabulary.js';
import { Dimension, MetricName } from '../../canary/metrics/definitions.js';
import { lookbackForRuns } from './canary-schedule.js';
import type { Statistic } from './cloudwatch-query.js';
import { PanelId } from './dashboard-panels.js';

export type Severity = 'critical' | 'warning' | 'info';
export type Reducer = 'last' | 'min' | 'max' | 'mean' | 'sum' | 'count';
export type ThresholdType = 'gt' | 'lt' | 'within_range' | 'outside_range';
/** What a rule shows when its query returns nothing, or fails: Grafana's noDataState / execErrState values. */
export type NoDataState = 'OK' | 'Alerting' | 'NoData' | 'KeepLast';
export type ExecErrState = 'OK' | 'Alerting' | 'Error' | 'KeepLast';

export interface AlertRuleSpec {
  /** Stable, so re-provisioning updates the rule instead of adding a copy. */
  readonly uid: string;
  readonly title: string;
  readonly severity: Severity;
  readonly metric: MetricName;
  readonly statistic: Statistic;
  /** Values for the metric's dimensions; any not given is `*`, one alert instance per value. */
  readonly dimensions?: Readonly<Partial<Record<Dimension, string>>>;
  readonly lookbackSeconds: number;
  readonly reducer: Reducer;
  readonly threshold: { readonly type: ThresholdType; readonly params: readonly number[] };
  readonly noDataState: NoDataState;
  /** The dashboard panel the notification links to. */
  readonly panelId: number;
  /** Go templates over the alert's labels (`$labels.Relay`, `$labels.Group`, `$labels.Reason`). */
  readonly summary: string;
  readonly description: string;
  /** What to do first. */
  readonly runbook: string;
}

/** Runs that must fail in a row before the canary pages. */
export const FAILED_RUNS_TO_PAGE = 2;
/** No run reported for this long pages: a stopped canary must not look healthy. */
export const SILENCE_SECONDS = 15 * 60;
/** Publish latency above this, on every run of SLOW_RUNS, warns. zooid answers after its database commit. */
export const SLOW_PUBLISH_MS = 2000;
export const SLOW_RUNS = 3;
/** Warn this many days before the relay's certificate expires; the probe itself fails (reason tls) at 7. */
export const CERT_WARNING_DAYS = 14;

const WHERE = '{{ $labels.Relay }} group {{ $labels.Group }}';

/** The first thing to do for each failure reason; a reason without an entry gets the generic line. */
export const FIRST_STEP: Readonly<Partial<Record<FailureReason, string>>> = {
  rejected:
    "Read the relay's words in the dashboard. `restricted: you are not a member of that group` right after a deploy is the half-loaded membership cache: restart the relay.",
  auth: 'The relay refused NIP-42 AUTH: check the relay URL the canary signs for (scheme, host, no :443) and the relay clock.',
  timeout: 'The relay did not answer in time: check the relay process, its database and its load balancer.',
  connect: 'No WebSocket: check DNS, TLS and that the relay is up behind its load balancer (its health check accepts 404).',
  closed: 'The relay dropped the connection: check its logs for a crash or restart.',
  protocol: 'The relay broke the protocol: check what version was just deployed.',
  readback: "The relay accepted the message but did not return it to a REQ: check the relay's read path (membership cache, storage).",
  tls: "The relay's TLS certificate is about to expire: renew it.",
  secret: 'The canary could not read its key from Secrets Manager: check the secret exists and the canary role (and KMS key) may read it.',
  config: "The canary's own settings are unusable: fix the canary (URL, group, key, timeout), not the relay.",
};
const GENERIC_FIRST_STEP = "Read the relay's words in the dashboard panel \"Relay's recent failure messages\".";

/** A Go template choosing the first step by the alert's Reason label. */
function firstStepByReason(): string {
  const branches = Object.entries(FIRST_STEP).map(
    ([reason, step], i) => `{{ ${i === 0 ? 'if' : 'else if'} eq $labels.Reason "${reason}" }}${step}`,
  );
  return `${branches.join('')}{{ else }}${GENERIC_FIRST_STEP}{{ end }}`;
}

export const ALERT_RULES: readonly AlertRuleSpec[] = [
  {
    uid: 'zooid-canary-failing',
    title: 'Zooid canary failing',
    severity: 'critical',
    metric: MetricName.Success,
    // Best run of the window below 1: every run the window holds failed, and it always holds the last two.
    statistic: 'Maximum',
    lookbackSeconds: lookbackForRuns(FAILED_RUNS_TO_PAGE),
    reducer: 'max',
    threshold: { type: 'lt', params: [1] },
    // Absence is the silent rule's page; paging twice for one stopped canary helps no one.
    noDataState: 'OK',
    panelId: PanelId.lastRun,
    summary: `Zooid canary failing on ${WHERE}`,
    description:
      `The last ${FAILED_RUNS_TO_PAGE} scheduled runs could not get a group message accepted. ` +
      'Why: the "Zooid canary failure reason" alert for the same relay and group carries the reason; ' +
      `the relay's own words are in the dashboard panel "Relay's recent failure messages".`,
    runbook: GENERIC_FIRST_STEP,
  },
  {
    uid: 'zooid-canary-failure-reason',
    title: 'Zooid canary failure reason',
    severity: 'info',
    metric: MetricName.Failure,
    statistic: 'Sum',
    lookbackSeconds: lookbackForRuns(FAILED_RUNS_TO_PAGE),
    reducer: 'sum',
    // The same reason on (at least) two of the runs the failing rule looks at.
    threshold: { type: 'gt', params: [FAILED_RUNS_TO_PAGE - 1] },
    noDataState: 'OK',
    panelId: PanelId.failuresByReason,
    summary: `Zooid canary on ${WHERE} failing with reason {{ $labels.Reason }}`,
    description:
      'Context for the "Zooid canary failing" page: the failure reason of the runs it counted. ' +
      'It rides in the same notification when the notification policy groups by Relay and Group.',
    runbook: firstStepByReason(),
  },
  {
    uid: 'zooid-canary-silent',
    title: 'Zooid canary silent',
    severity: 'critical',
    metric: MetricName.Success,
    // One sample per run, so the sum over the window is the number of runs that reported.
    statistic: 'SampleCount',
    lookbackSeconds: SILENCE_SECONDS,
    reducer: 'sum',
    threshold: { type: 'lt', params: [1] },
    // No series at all is exactly what a stopped canary looks like.
    noDataState: 'Alerting',
    panelId: PanelId.syntheticsSuccess,
    summary: `Zooid canary silent for ${SILENCE_SECONDS / 60} minutes`,
    description:
      `No run of the canary reported to CloudWatch in the last ${SILENCE_SECONDS / 60} minutes` +
      '{{ if $labels.Relay }} for {{ $labels.Relay }} group {{ $labels.Group }}{{ end }}. ' +
      'Until it runs again, nothing is watching whether the relay accepts group messages.',
    runbook:
      'Check the Synthetics canary in the AWS console: stopped, failing to start, or unable to call PutMetricData (IAM, namespace).',
  },
  {
    uid: 'zooid-canary-slow-publish',
    title: 'Zooid canary slow publish',
    severity: 'warning',
    metric: MetricName.PublishLatency,
    // Fastest run of the window above the threshold: every run the window holds was slow.
    statistic: 'Maximum',
    lookbackSeconds: lookbackForRuns(SLOW_RUNS),
    reducer: 'min',
    threshold: { type: 'gt', params: [SLOW_PUBLISH_MS] },
    // Failed runs have no publish latency; failing and silent cover them.
    noDataState: 'OK',
    panelId: PanelId.latency,
    summary: `Zooid canary publish slow on ${WHERE}`,
    description: `The relay took over ${SLOW_PUBLISH_MS} ms to answer the group message on each of the last ${SLOW_RUNS} runs.`,
    runbook: "Check the relay's database and host load; the OK is sent only after the event is committed.",
  },
  {
    uid: 'zooid-canary-cert-expiring',
    title: 'Zooid relay certificate expiring',
    severity: 'warning',
    metric: MetricName.CertDaysRemaining,
    statistic: 'Minimum',
    lookbackSeconds: lookbackForRuns(1),
    reducer: 'min',
    threshold: { type: 'lt', params: [CERT_WARNING_DAYS] },
    // ws:// relays have no certificate; a stopped canary is the silent rule's page.
    noDataState: 'OK',
    panelId: PanelId.lastRun,
    // A certificate belongs to the relay: this metric has no Group dimension.
    summary: 'TLS certificate of {{ $labels.Relay }} expires within ' + `${CERT_WARNING_DAYS} days`,
    description:
      `The relay's TLS certificate has under ${CERT_WARNING_DAYS} days left. At 7 days the canary itself fails ` +
      '(reason tls) and pages through the failing rule.',
    runbook: 'Renew the certificate on the load balancer (or check why automatic renewal stopped).',
  },
];
