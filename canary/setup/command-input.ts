import { PROBE_DEFAULTS, resolveProbeConfig } from '../core/probe-config.js';
import { parseSecretKey, SecretKeyFormatError } from '../core/secret-key.js';

/** The relay, group and deadline a setup command works on, already validated. */
export interface RelayTarget {
  readonly relayUrl: string;
  readonly group: string;
  readonly timeoutMs: number;
}

/**
 * Validates --relay, --group and --timeout with the probe's own rules (so the doctor checks the exact URL the
 * canary will use), phrased as flags. Returns the target or the problems.
 */
export function resolveRelayTarget(flags: { relay?: string; group?: string; timeout?: string }): RelayTarget | string[] {
  const config = resolveProbeConfig({
    relayUrl: flags.relay,
    group: flags.group,
    timeoutMs: flags.timeout === undefined ? PROBE_DEFAULTS.timeoutMs : secondsToMs(flags.timeout),
  });
  if (!config.ok) return config.problems.map((p) => p.replace(/^relay URL/, '--relay').replace(/^group/, '--group').replace(/^timeout/, '--timeout'));
  return { relayUrl: config.value.relayUrl, group: config.value.group, timeoutMs: config.value.timeoutMs };
}

/** A secret key from an environment variable, or the problem to report; the value is never quoted. */
export function keyFromEnv(env: NodeJS.ProcessEnv, name: string, whose: string): Uint8Array | string {
  const text = env[name];
  if (text === undefined || text.trim() === '') return `${name} is not set: export ${whose} secret key (64 hex or nsec1...) in it`;
  try {
    return parseSecretKey(text, name);
  } catch (error) {
    if (error instanceof SecretKeyFormatError) return error.message;
    throw error;
  }
}

function secondsToMs(text: string): number {
  return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) * 1000 : Number.NaN;
}
