import { resolveCanaryConfig } from '../core/canary-config.js';
import { parseSecretKey, SecretKeyFormatError } from '../core/secret-key.js';
import { secondsToMs } from '../core/settings-text.js';

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
  const problems: string[] = [];
  for (const [flag, value] of [['--relay', flags.relay], ['--group', flags.group]] as const) {
    if (value?.includes(',')) problems.push(`${flag} takes one value here, not a list`);
  }
  const config = resolveCanaryConfig({ relays: flags.relay, groups: flags.group, timeoutMs: secondsToMs(flags.timeout) });
  if (!config.ok) problems.push(...asFlagProblems(config.problems));
  if (!config.ok || problems.length > 0) return problems;
  return { relayUrl: config.value.relays[0]!, group: config.value.groups[0]!, timeoutMs: config.value.timeoutMs };
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

/** The core speaks of settings; on the command line they are flags. */
export function asFlagProblems(problems: readonly string[]): string[] {
  return problems.map((problem) =>
    problem
      .replace(/^relay URL/, '--relay')
      .replace(/^group/, '--group')
      .replace(/^timeout/, '--timeout')
      .replace(/^certificate floor/, '--cert-floor-days'),
  );
}
