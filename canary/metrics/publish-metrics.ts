import { CloudWatchClient, PutMetricDataCommand, type MetricDatum, type PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';

/**
 * PutMetricData takes at most 1 000 data per call. A run sends a handful per target, so one call; only a run
 * of well over a hundred targets would be split.
 */
export const PUT_METRIC_DATA_MAX_DATA = 1_000;

/** How long publishing may take, retries included, before the run gives up on its metrics. */
export const DEFAULT_METRICS_DEADLINE_MS = 3_000;

export interface PublishOptions {
  readonly namespace: string;
  /** Default DEFAULT_METRICS_DEADLINE_MS. */
  readonly deadlineMs?: number;
}

export type PublishOutcome = { readonly ok: true; readonly calls: number } | { readonly ok: false; readonly problem: string };

/**
 * Sends the data with PutMetricData and never throws: a metrics outage must not turn a relay verdict into
 * something else. Region, endpoint and credentials come from the SDK's standard environment
 * (AWS_REGION, AWS_ENDPOINT_URL[_CLOUDWATCH]). When it resolves, any request still in flight has been aborted
 * and the client destroyed, so no socket outlives the run.
 */
export async function publishMetrics(data: readonly MetricDatum[], options: PublishOptions): Promise<PublishOutcome> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_METRICS_DEADLINE_MS;
  // The deadline exists before the first byte is sent; aborting it also destroys an in-flight request.
  const abortSignal = AbortSignal.timeout(deadlineMs);
  const client = new CloudWatchClient({});
  const requests = putMetricDataRequests(options.namespace, data);
  let calls = 0;
  try {
    for (const request of requests) {
      await client.send(new PutMetricDataCommand(request), { abortSignal });
      calls++;
    }
    return { ok: true, calls };
  } catch (error) {
    const sent = calls === 0 ? '' : ` (${calls} of ${requests.length} calls had succeeded)`;
    return { ok: false, problem: `${describe(error, deadlineMs, abortSignal)}${sent}` };
  } finally {
    client.destroy();
  }
}

function describe(error: unknown, deadlineMs: number, abortSignal: AbortSignal): string {
  if (abortSignal.aborted) {
    return `CloudWatch did not accept PutMetricData within ${deadlineMs / 1000} s: check the canary can reach the CloudWatch endpoint (VPC routes or a monitoring VPC endpoint)`;
  }
  const { name, message, $metadata } = error as Error & { $metadata?: { httpStatusCode?: number } };
  if ($metadata?.httpStatusCode !== undefined) {
    return `CloudWatch refused PutMetricData (HTTP ${$metadata.httpStatusCode}) ${name}: ${message}: check the execution role allows cloudwatch:PutMetricData in this namespace`;
  }
  return `cannot reach CloudWatch for PutMetricData: ${name}: ${message}: check AWS_REGION and the canary's network`;
}

/** The PutMetricData calls for these data: one, unless they exceed the per-call limit. */
export function putMetricDataRequests(namespace: string, data: readonly MetricDatum[]): PutMetricDataCommandInput[] {
  const requests: PutMetricDataCommandInput[] = [];
  for (let start = 0; start < data.length; start += PUT_METRIC_DATA_MAX_DATA) {
    requests.push({ Namespace: namespace, MetricData: data.slice(start, start + PUT_METRIC_DATA_MAX_DATA) });
  }
  return requests;
}
