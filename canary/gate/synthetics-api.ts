/**
 * CanaryRunsApi over the AWS SDK. Region, credentials and endpoint come from the SDK's standard chain
 * (--region wins over AWS_REGION; AWS_ENDPOINT_URL points it at a local Synthetics in tests).
 */
import { GetCanaryRunsCommand, StartCanaryCommand, SyntheticsClient } from '@aws-sdk/client-synthetics';
import { ApiErrorKind, CanaryApiError, type CanaryRun, type CanaryRunsApi } from './canary-runs.js';

/** Bounds each HTTP call, so a hung connection cannot outlive the gate's own deadline by much. */
const REQUEST_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 5_000;
/** GetCanaryRuns' largest page; the run we look for is among the newest. */
const RUNS_PAGE_SIZE = 100;

export interface SyntheticsCanaryRuns extends CanaryRunsApi {
  /** The region the SDK resolved, for messages. */
  region(): Promise<string | undefined>;
}

export function syntheticsCanaryRuns(options: { region?: string }): SyntheticsCanaryRuns {
  const client = new SyntheticsClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECT_TIMEOUT_MS },
  });
  const send = async <T>(canary: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw toCanaryApiError(error, canary);
    }
  };
  return {
    async start(canary) {
      await send(canary, () => client.send(new StartCanaryCommand({ Name: canary })));
    },
    async recentRuns(canary) {
      const page = await send(canary, () =>
        client.send(new GetCanaryRunsCommand({ Name: canary, MaxResults: RUNS_PAGE_SIZE })),
      );
      return (page.CanaryRuns ?? []).flatMap((run): CanaryRun[] =>
        run.Id === undefined
          ? []
          : [
              {
                id: run.Id,
                state: run.Status?.State ?? 'UNKNOWN',
                ...(run.Status?.StateReason ? { stateReason: run.Status.StateReason } : {}),
                ...(run.Timeline?.Started ? { startedAt: run.Timeline.Started } : {}),
                ...(run.Timeline?.Completed ? { completedAt: run.Timeline.Completed } : {}),
              },
            ],
      );
    },
    async region() {
      try {
        return await client.config.region();
      } catch {
        return undefined;
      }
    },
  };
}

/** Sorts an SDK error into the kinds the gate treats differently, keeping AWS's words and the cause. */
export function toCanaryApiError(error: unknown, canary: string): CanaryApiError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const words = e.message ?? String(error);
  const kind = ((): ApiErrorKind => {
    if (e.name === 'ConflictException') return ApiErrorKind.busy;
    if (e.name === 'ResourceNotFoundException' || e.name === 'NotFoundException' || status === 404) return ApiErrorKind.notFound;
    if (e.name === 'CredentialsProviderError') return ApiErrorKind.noCredentials;
    if (/region is missing/i.test(words)) return ApiErrorKind.noRegion;
    if (/^AccessDenied/.test(e.name ?? '') || e.name === 'UnrecognizedClientException' || status === 403) return ApiErrorKind.accessDenied;
    return ApiErrorKind.other;
  })();
  return new CanaryApiError(kind, `${e.name ?? 'Error'} for canary ${canary}: ${words}`, { cause: error });
}
