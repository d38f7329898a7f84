/**
 * Every CloudWatch metric the canary publishes, defined once. The emitter, the Grafana dashboard, the alert
 * rules and the tests import this file; nothing else spells a metric name, unit or dimension.
 */
import { Phase } from '../core/vocabulary.js';

/** Used when METRIC_NAMESPACE is not set. */
export const DEFAULT_METRIC_NAMESPACE = 'ZooidCanary';

/** Dimension names. Every datum carries Relay and Group; only Failure adds Reason. */
export const Dimension = {
  /** The relay URL's host, with its port if the URL has one (e.g. `relay.example.com`, `127.0.0.1:7447`). */
  Relay: 'Relay',
  /** The NIP-29 group id the canary posts to. */
  Group: 'Group',
  /** A FailureReason value. */
  Reason: 'Reason',
} as const;
export type Dimension = (typeof Dimension)[keyof typeof Dimension];

export const MetricName = {
  /** 1 for a passing run, 0 for a failing one: the series alerts read. */
  Success: 'Success',
  /** 1 per failed run, with the Reason dimension, so failures can be stacked by cause. */
  Failure: 'Failure',
  /** Whole run, start to the verdict (the accepted OK, then the read-back when on). Only on passing runs. */
  Latency: 'Latency',
  ConnectLatency: 'ConnectLatency',
  AuthLatency: 'AuthLatency',
  PublishLatency: 'PublishLatency',
  ReadbackLatency: 'ReadbackLatency',
  /** Days until the relay's TLS certificate expires (wss only), once per relay. */
  CertDaysRemaining: 'CertDaysRemaining',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

export type MetricUnit = 'Count' | 'Milliseconds' | 'None';

export interface MetricDefinition {
  readonly name: MetricName;
  readonly unit: MetricUnit;
  readonly dimensions: readonly Dimension[];
  readonly description: string;
}

const RUN_DIMENSIONS = [Dimension.Relay, Dimension.Group] as const;

export const METRICS: Readonly<Record<MetricName, MetricDefinition>> = {
  Success: { name: 'Success', unit: 'Count', dimensions: RUN_DIMENSIONS, description: '1 when the relay accepted the canary message, else 0' },
  Failure: { name: 'Failure', unit: 'Count', dimensions: [...RUN_DIMENSIONS, Dimension.Reason], description: '1 per failed run, by failure reason' },
  Latency: { name: 'Latency', unit: 'Milliseconds', dimensions: RUN_DIMENSIONS, description: 'run start to the verdict (accepted OK and read-back)' },
  ConnectLatency: { name: 'ConnectLatency', unit: 'Milliseconds', dimensions: RUN_DIMENSIONS, description: 'WebSocket connect (TCP, TLS, upgrade)' },
  AuthLatency: { name: 'AuthLatency', unit: 'Milliseconds', dimensions: RUN_DIMENSIONS, description: 'NIP-42 challenge to the AUTH OK' },
  PublishLatency: { name: 'PublishLatency', unit: 'Milliseconds', dimensions: RUN_DIMENSIONS, description: 'group message sent to its OK' },
  ReadbackLatency: { name: 'ReadbackLatency', unit: 'Milliseconds', dimensions: RUN_DIMENSIONS, description: 'REQ for the accepted message to its EVENT' },
  // A certificate belongs to a relay, not to a group: one datum per relay per run.
  CertDaysRemaining: { name: 'CertDaysRemaining', unit: 'None', dimensions: [Dimension.Relay], description: "days until the relay's TLS certificate expires" },
};

/** Which latency metric each completed phase reports into. */
export const PHASE_LATENCY_METRIC: Readonly<Record<Phase, MetricName>> = {
  connect: MetricName.ConnectLatency,
  auth: MetricName.AuthLatency,
  publish: MetricName.PublishLatency,
  readback: MetricName.ReadbackLatency,
};

/** The latency metrics, in the order a dashboard should list them. */
export const LATENCY_METRICS: readonly MetricName[] = [
  MetricName.ConnectLatency,
  MetricName.AuthLatency,
  MetricName.PublishLatency,
  MetricName.ReadbackLatency,
  MetricName.Latency,
];

/** CloudWatch Synthetics' own per-canary metrics, which the dashboard shows beside ours. */
export const SYNTHETICS_NAMESPACE = 'CloudWatchSynthetics';
export const SyntheticsMetric = { SuccessPercent: 'SuccessPercent', Duration: 'Duration' } as const;
export const SYNTHETICS_CANARY_DIMENSION = 'CanaryName';
