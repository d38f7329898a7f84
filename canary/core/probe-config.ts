/** One probe run's settings, already validated. Build it with resolveProbeConfig. */
export interface ProbeConfig {
  /** ws:// or wss:// URL, used verbatim in the AUTH `relay` tag. */
  readonly relayUrl: string;
  /** NIP-29 group id (the `h` tag). */
  readonly group: string;
  /** The whole run's deadline. Default 10 000. */
  readonly timeoutMs: number;
  /** How long to wait for the relay's AUTH challenge before publishing without one. Default 1 000. */
  readonly challengeGraceMs: number;
  /** Largest frame accepted from the relay. Default 1 MiB, above zooid's own 512 000-byte frame limit. */
  readonly maxFrameBytes: number;
  /** How long a polite close may take before the socket is destroyed. Default 500. */
  readonly closeGraceMs: number;
}

export const PROBE_DEFAULTS = {
  timeoutMs: 10_000,
  challengeGraceMs: 1_000,
  maxFrameBytes: 1024 * 1024,
  closeGraceMs: 500,
} as const;

export interface ProbeConfigInput {
  relayUrl?: string | undefined;
  group?: string | undefined;
  timeoutMs?: number | undefined;
  challengeGraceMs?: number | undefined;
  maxFrameBytes?: number | undefined;
  closeGraceMs?: number | undefined;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Checks everything at once, so an operator fixes all mistakes in one go. Each problem says what to change. */
export function resolveProbeConfig(input: ProbeConfigInput): Resolved<ProbeConfig> {
  const problems: string[] = [];
  const relayUrl = input.relayUrl?.trim() ?? '';
  if (relayUrl === '') {
    problems.push('relay URL is missing: give the relay as ws://host[:port] or wss://host');
  } else {
    const scheme = relayUrlScheme(relayUrl);
    if (scheme === null) problems.push(`relay URL "${relayUrl}" is not a URL: give it as ws://host[:port] or wss://host`);
    else if (scheme !== 'ws:' && scheme !== 'wss:') problems.push(`relay URL "${relayUrl}" uses ${scheme}// : use wss:// (or ws:// for a local relay)`);
  }
  const group = input.group?.trim() ?? '';
  if (group === '') problems.push('group is missing: give the NIP-29 group id the canary key is a member of');
  const timeoutMs = input.timeoutMs ?? PROBE_DEFAULTS.timeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 600_000) {
    problems.push('timeout must be a number of seconds above 0 and at most 600');
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      relayUrl,
      group,
      timeoutMs,
      challengeGraceMs: input.challengeGraceMs ?? PROBE_DEFAULTS.challengeGraceMs,
      maxFrameBytes: input.maxFrameBytes ?? PROBE_DEFAULTS.maxFrameBytes,
      closeGraceMs: input.closeGraceMs ?? PROBE_DEFAULTS.closeGraceMs,
    },
  };
}

function relayUrlScheme(text: string): string | null {
  try {
    return new URL(text).protocol;
  } catch {
    return null;
  }
}
