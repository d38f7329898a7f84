/**
 * What the deploy gate needs from CloudWatch Synthetics, and nothing more. The gate's logic talks to this
 * interface; `synthetics-api.ts` implements it with the AWS SDK and tests hand in anything they like.
 */

/** The run states Synthetics reports. */
export const RunState = {
  running: 'RUNNING',
  passed: 'PASSED',
  failed: 'FAILED',
} as const;
export type RunState = (typeof RunState)[keyof typeof RunState];

/** One canary run as GetCanaryRuns describes it. */
export interface CanaryRun {
  readonly id: string;
  /** A RunState, or whatever newer word Synthetics may add (treated as still running). */
  readonly state: string;
  /** Synthetics' words for the state, e.g. the error the canary script threw. */
  readonly stateReason?: string;
  readonly startedAt?: Date;
  readonly completedAt?: Date;
}

export interface CanaryRunsApi {
  /** Starts one run. Throws CanaryApiError `busy` while the canary is running or being updated. */
  start(canary: string): Promise<void>;
  /** The canary's most recent runs (one page, newest first, running ones included). */
  recentRuns(canary: string): Promise<CanaryRun[]>;
}

/** Why AWS said no, in the few kinds the gate treats differently. */
export const ApiErrorKind = {
  /** The canary is running or being updated (ConflictException): wait and start again. */
  busy: 'busy',
  /** No canary of that name in that region. */
  notFound: 'notFound',
  /** The caller may not start the canary or read its runs. */
  accessDenied: 'accessDenied',
  /** No credentials were found by the SDK's standard chain. */
  noCredentials: 'noCredentials',
  /** No region from --region, AWS_REGION or the profile. */
  noRegion: 'noRegion',
  /** Anything else: throttling that outlasted retries, an unreachable endpoint, a validation error... */
  other: 'other',
} as const;
export type ApiErrorKind = (typeof ApiErrorKind)[keyof typeof ApiErrorKind];

export class CanaryApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CanaryApiError';
  }
}
