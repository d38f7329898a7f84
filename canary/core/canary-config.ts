import { parseList } from './settings-text.js';

/** One canary run's settings, validated. Build it with resolveCanaryConfig. */
export interface CanaryConfig {
  /** ws:// or wss:// URLs, each used verbatim in its AUTH `relay` tag. Probed concurrently, one connection each. */
  readonly relays: readonly string[];
  /** NIP-29 group ids (the `h` tag). Every relay is probed with every group, over that relay's one connection. */
  readonly groups: readonly string[];
  /** The whole run's deadline, for every relay alike. Default 10 000. */
  readonly timeoutMs: number;
  /** How long to wait for the relay's AUTH challenge before publishing without one. Default 1 000. */
  readonly challengeGraceMs: number;
  /** Largest frame accepted from the relay. Default 1 MiB, above zooid's own 512 000-byte frame limit. */
  readonly maxFrameBytes: number;
  /** How long a polite close may take before the socket is destroyed. Default 500. */
  readonly closeGraceMs: number;
  /** Ask for the accepted message back (REQ by id) before passing. Default true. */
  readonly readback: boolean;
  /** Fail with reason `tls` when a wss relay's certificate expires within this many days. Default 7. */
  readonly certFloorDays: number;
  /** NIP-40 `expiration` on each canary message, in seconds from its creation. Default 86 400. */
  readonly messageTtlSeconds: number;
  /** Delete each canary message (kind 5) after a passing run. Default true. */
  readonly cleanup: boolean;
  /** Extra CA certificates (PEM) to trust for wss, for relays behind a private CA. Default none. */
  readonly trustedCertificates: readonly string[];
}

export const CANARY_DEFAULTS = {
  timeoutMs: 10_000,
  challengeGraceMs: 1_000,
  maxFrameBytes: 1024 * 1024,
  closeGraceMs: 500,
  readback: true,
  certFloorDays: 7,
  messageTtlSeconds: 86_400,
  cleanup: true,
} as const;

/** Each relay × group pair costs CloudWatch metrics; past this a run is more likely a typo than a plan. */
export const MAX_TARGETS_PER_LIST = 100;

export type CanaryConfigInput = Partial<Omit<CanaryConfig, 'relays' | 'groups'>> & {
  /** A list, or one string with comma-separated entries (as environment variables give them). */
  readonly relays?: readonly string[] | string | undefined;
  readonly groups?: readonly string[] | string | undefined;
};

export type Resolved<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Checks everything at once, so an operator fixes all mistakes in one go. Each problem says what to change. */
export function resolveCanaryConfig(input: CanaryConfigInput): Resolved<CanaryConfig> {
  const problems: string[] = [];
  const relays = parseList(input.relays);
  const groups = parseList(input.groups);
  if (relays.length === 0) problems.push('relay URL is missing: give the relay as ws://host[:port] or wss://host');
  for (const relay of relays) {
    const scheme = schemeOf(relay);
    if (scheme === null) problems.push(`relay URL "${relay}" is not a URL: give it as ws://host[:port] or wss://host`);
    else if (scheme !== 'ws:' && scheme !== 'wss:') problems.push(`relay URL "${relay}" uses ${scheme}// : use wss:// (or ws:// for a local relay)`);
  }
  if (groups.length === 0) problems.push('group is missing: give the NIP-29 group id(s) the canary key is a plain member of');
  if (relays.length > MAX_TARGETS_PER_LIST || groups.length > MAX_TARGETS_PER_LIST) {
    problems.push(`at most ${MAX_TARGETS_PER_LIST} relays and ${MAX_TARGETS_PER_LIST} groups per run: split the canary`);
  }
  const timeoutMs = input.timeoutMs ?? CANARY_DEFAULTS.timeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 600_000) {
    problems.push('timeout must be a number of seconds above 0 and at most 600');
  }
  const certFloorDays = input.certFloorDays ?? CANARY_DEFAULTS.certFloorDays;
  if (!Number.isFinite(certFloorDays) || certFloorDays < 0) problems.push('certificate floor must be a number of days, 0 or more');
  const messageTtlSeconds = input.messageTtlSeconds ?? CANARY_DEFAULTS.messageTtlSeconds;
  if (!Number.isInteger(messageTtlSeconds) || messageTtlSeconds <= 0) problems.push('message TTL must be a whole number of seconds above 0');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      relays,
      groups,
      timeoutMs,
      challengeGraceMs: input.challengeGraceMs ?? CANARY_DEFAULTS.challengeGraceMs,
      maxFrameBytes: input.maxFrameBytes ?? CANARY_DEFAULTS.maxFrameBytes,
      closeGraceMs: input.closeGraceMs ?? CANARY_DEFAULTS.closeGraceMs,
      readback: input.readback ?? CANARY_DEFAULTS.readback,
      certFloorDays,
      messageTtlSeconds,
      cleanup: input.cleanup ?? CANARY_DEFAULTS.cleanup,
      trustedCertificates: input.trustedCertificates ?? [],
    },
  };
}

function schemeOf(text: string): string | null {
  try {
    return new URL(text).protocol;
  } catch {
    return null;
  }
}

/** Every relay × group pair of a run, relays first, in config order: the order of a run's verdicts. */
export function targetsOf(config: Pick<CanaryConfig, 'relays' | 'groups'>): { relayUrl: string; group: string }[] {
  return config.relays.flatMap((relayUrl) => config.groups.map((group) => ({ relayUrl, group })));
}
