import { describe, expect, it } from 'vitest';
import type { Verdict } from '../canary/core/verdict.js';
import { PHASES } from '../canary/core/vocabulary.js';
import { METRICS, MetricName, PHASE_LATENCY_METRIC } from '../canary/metrics/definitions.js';
import { metricDataFor, relayDimension } from '../canary/metrics/metric-data.js';
import { PUT_METRIC_DATA_MAX_DATA, putMetricDataRequests } from '../canary/metrics/publish-metrics.js';

const STARTED_AT = '2026-12-03T19:00:00.000Z';

function verdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    ok: true,
    reason: null,
    phase: null,
    message: null,
    prefix: null,
    relay: 'wss://relay.example.com',
    group: 'canary',
    eventId: 'e'.repeat(64),
    runId: 'abc123abc123',
    startedAt: STARTED_AT,
    timings: { connectMs: 40, authMs: 30, publishMs: 20, readbackMs: 10, totalMs: 100 },
    certDaysRemaining: null,
    cleanup: null,
    ...overrides,
  };
}

const refused = verdict({
  ok: false,
  reason: 'rejected',
  phase: 'publish',
  message: 'restricted: you are not a member of that group',
  prefix: 'restricted',
  timings: { connectMs: 40, authMs: 30, publishMs: null, readbackMs: null, totalMs: 90 },
});

/** `Name=value` per datum, with its dimensions, for compact comparison. */
function summary(data: ReturnType<typeof metricDataFor>): string[] {
  return data.map((datum) => `${datum.MetricName}=${datum.Value} ${(datum.Dimensions ?? []).map((d) => `${d.Name}:${d.Value}`).join(',')}`);
}

describe('metricDataFor', () => {
  it('turns a pass into Success 1, a latency per completed phase and the total, no Failure', () => {
    expect(summary(metricDataFor([verdict()]))).toEqual([
      'Success=1 Relay:relay.example.com,Group:canary',
      'ConnectLatency=40 Relay:relay.example.com,Group:canary',
      'AuthLatency=30 Relay:relay.example.com,Group:canary',
      'PublishLatency=20 Relay:relay.example.com,Group:canary',
      'ReadbackLatency=10 Relay:relay.example.com,Group:canary',
      'Latency=100 Relay:relay.example.com,Group:canary',
    ]);
  });

  it('turns a failure into Success 0, Failure with Reason, and only the phases it completed (no total)', () => {
    expect(summary(metricDataFor([refused]))).toEqual([
      'Success=0 Relay:relay.example.com,Group:canary',
      'Failure=1 Relay:relay.example.com,Group:canary,Reason:rejected',
      'ConnectLatency=40 Relay:relay.example.com,Group:canary',
      'AuthLatency=30 Relay:relay.example.com,Group:canary',
    ]);
  });

  it('labels each verdict of a several-target run with its own relay and group', () => {
    const other = verdict({ relay: 'ws://127.0.0.1:7447', group: 'second' });
    const data = metricDataFor([refused, other]);
    expect(summary(data).filter((line) => line.startsWith('Success='))).toEqual([
      'Success=0 Relay:relay.example.com,Group:canary',
      'Success=1 Relay:127.0.0.1:7447,Group:second',
    ]);
  });

  it('takes every unit and dimension set from the definitions, and stamps data with the run start', () => {
    for (const datum of metricDataFor([verdict(), refused])) {
      const definition = METRICS[datum.MetricName as MetricName];
      expect(datum.Unit).toBe(definition.unit);
      expect(datum.Dimensions?.map((d) => d.Name)).toEqual(definition.dimensions);
      expect(datum.Timestamp).toEqual(new Date(STARTED_AT));
    }
  });

  it('reports a latency for every phase the vocabulary has', () => {
    const names = new Set(metricDataFor([verdict()]).map((datum) => datum.MetricName));
    for (const phase of PHASES) expect(names.has(PHASE_LATENCY_METRIC[phase]), phase).toBe(true);
  });

  it('reports a run that never reached the relay as Success 0 and its Failure, with no latency', () => {
    const secret = verdict({ ok: false, reason: 'secret', message: 'Secrets Manager refused…', timings: { connectMs: null, authMs: null, publishMs: null, readbackMs: null, totalMs: 12 } });
    expect(summary(metricDataFor([secret]))).toEqual([
      'Success=0 Relay:relay.example.com,Group:canary',
      'Failure=1 Relay:relay.example.com,Group:canary,Reason:secret',
    ]);
  });
});

describe('CertDaysRemaining', () => {
  it('is reported once per relay that showed a certificate, with the Relay dimension only', () => {
    const wss = { relay: 'wss://relay.example.com', certDaysRemaining: 41.5 };
    const data = metricDataFor([verdict({ ...wss, group: 'a' }), verdict({ ...wss, group: 'b' }), verdict({ relay: 'ws://127.0.0.1:7447' })]);
    expect(summary(data).filter((line) => line.startsWith('CertDaysRemaining='))).toEqual(['CertDaysRemaining=41.5 Relay:relay.example.com']);
  });

  it('is reported for a failed run too: an expiring certificate is exactly when it matters', () => {
    const expiring = verdict({ ok: false, reason: 'tls', phase: 'connect', message: 'expires in 3 days', certDaysRemaining: 3 });
    expect(summary(metricDataFor([expiring]))).toContain('CertDaysRemaining=3 Relay:relay.example.com');
  });
});

describe('relayDimension', () => {
  it('is the host, with the port only when the URL names a non-default one', () => {
    expect(relayDimension('wss://Relay.Example.com')).toBe('relay.example.com');
    expect(relayDimension('wss://relay.example.com:443/')).toBe('relay.example.com');
    expect(relayDimension('wss://relay.example.com:8443/path')).toBe('relay.example.com:8443');
    expect(relayDimension('ws://127.0.0.1:7447')).toBe('127.0.0.1:7447');
  });
});

describe('putMetricDataRequests', () => {
  const datum = { MetricName: MetricName.Success, Value: 1 };

  it('sends one run in one call', () => {
    expect(putMetricDataRequests('ZooidCanary', metricDataFor([verdict(), refused]))).toHaveLength(1);
  });

  it('splits only past the per-call limit, keeping every datum in order', () => {
    const data = Array.from({ length: 2 * PUT_METRIC_DATA_MAX_DATA + 1 }, (_, i) => ({ ...datum, Value: i }));
    const requests = putMetricDataRequests('ZooidCanary', data);
    expect(requests.map((request) => request.MetricData?.length)).toEqual([1_000, 1_000, 1]);
    expect(requests.flatMap((request) => request.MetricData?.map((d) => d.Value))).toEqual(data.map((d) => d.Value));
    expect(new Set(requests.map((request) => request.Namespace))).toEqual(new Set(['ZooidCanary']));
  });
});
