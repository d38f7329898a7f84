import { parseDecimal, parseList, secondsToMs } from '../core/settings-text.js';
import { resolveCanaryConfig, targetsOf, type CanaryConfig as ProbeSettings } from '../core/canary-config.js';
import { DEFAULT_METRIC_NAMESPACE } from '../metrics/definitions.js';
import { secretIdProblem } from '../secrets/secret-id.js';

/** What started the run. Only words in logs and the failure message: it is not a metric dimension. */
export const Trigger = {
  /** The canary's own schedule (every five minutes). */
  scheduled: 'scheduled',
  /** An on-demand run right after a relay deploy (the deploy gate). */
  deploy: 'deploy',
} as const;
export type Trigger = (typeof Trigger)[keyof typeof Trigger];

/** One Synthetics run's settings, read from the canary's environment variables. */
export interface SyntheticsRunConfig {
  /**
   * RELAY_URL and GROUP_ID (each one value or a comma-separated list: every relay is probed with every group),
   * TIMEOUT_SECONDS (default 10), READBACK and CLEANUP (`true`/`false`, default true), CERT_FLOOR_DAYS (default 7).
   */
  readonly canary: ProbeSettings;
  /** SECRET_ID: name or ARN of the Secrets Manager secret holding the canary key. */
  readonly secretId: string;
  /** METRIC_NAMESPACE, default `ZooidCanary`. */
  readonly metricNamespace: string;
  /** TRIGGER, default `scheduled`. */
  readonly trigger: Trigger;
}

/** Where a run with unusable settings can still report its `config` failure, when enough of them are valid. */
export interface ConfigFailureLabels {
  readonly targets: readonly { readonly relayUrl: string; readonly group: string }[];
  readonly metricNamespace: string;
}

export type CanaryEnvironment =
  | { readonly ok: true; readonly config: SyntheticsRunConfig }
  | { readonly ok: false; readonly problems: readonly string[]; readonly labels: ConfigFailureLabels | null };

/** CloudWatch's namespace alphabet; `AWS/` is reserved for AWS services. */
const NAMESPACE = /^[A-Za-z0-9.\-_/#][A-Za-z0-9.\-_/#:]{0,254}$/;

/** Reads and checks every variable at once, so an operator sees all mistakes in one failed run. */
export function readCanaryEnvironment(env: NodeJS.ProcessEnv): CanaryEnvironment {
  const value = (name: string) => env[name]?.trim() || undefined;
  const problems: string[] = [];

  const probe = resolveCanaryConfig({
    relays: value('RELAY_URL'),
    groups: value('GROUP_ID'),
    timeoutMs: secondsToMs(value('TIMEOUT_SECONDS')),
    readback: booleanVariable('READBACK', value('READBACK'), problems),
    cleanup: booleanVariable('CLEANUP', value('CLEANUP'), problems),
    certFloorDays: parseDecimal(value('CERT_FLOOR_DAYS')),
  });
  if (!probe.ok) problems.push(...probe.problems.map(asVariableProblem));

  const secretId = value('SECRET_ID') ?? '';
  const secretProblem = secretIdProblem(secretId, 'SECRET_ID');
  if (secretProblem !== null) problems.push(secretProblem);

  const metricNamespace = value('METRIC_NAMESPACE') ?? DEFAULT_METRIC_NAMESPACE;
  const namespaceOk = NAMESPACE.test(metricNamespace) && !metricNamespace.startsWith('AWS/');
  if (!namespaceOk) {
    problems.push(`METRIC_NAMESPACE "${metricNamespace}" is not a custom CloudWatch namespace: use letters, digits and .-_/#: (not starting with AWS/), or leave it unset for ${DEFAULT_METRIC_NAMESPACE}`);
  }

  const trigger = value('TRIGGER') ?? Trigger.scheduled;
  if (!isTrigger(trigger)) problems.push(`TRIGGER "${trigger}" is unknown: use ${Object.values(Trigger).join(' or ')} (default ${Trigger.scheduled})`);

  if (problems.length > 0 || !probe.ok || !isTrigger(trigger)) {
    const relays = parseList(value('RELAY_URL'));
    const groups = parseList(value('GROUP_ID'));
    const labelled = namespaceOk && relays.length > 0 && groups.length > 0 && relays.every(hasHost);
    return { ok: false, problems, labels: labelled ? { targets: targetsOf({ relays, groups }), metricNamespace } : null };
  }
  return { ok: true, config: { canary: probe.value, secretId, metricNamespace, trigger } };
}

function booleanVariable(name: string, text: string | undefined, problems: string[]): boolean | undefined {
  if (text === undefined) return undefined;
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  problems.push(`${name} "${text}" is not true or false: use true or false, or leave it unset (default true)`);
  return undefined;
}

function isTrigger(text: string): text is Trigger {
  return (Object.values(Trigger) as string[]).includes(text);
}

function hasHost(url: string): boolean {
  try {
    return new URL(url).host !== '';
  } catch {
    return false;
  }
}

/** The core speaks of settings; here they are environment variables. */
function asVariableProblem(problem: string): string {
  return problem
    .replace(/^relay URL/, 'RELAY_URL')
    .replace(/^group/, 'GROUP_ID')
    .replace(/^timeout/, 'TIMEOUT_SECONDS')
    .replace(/^certificate floor/, 'CERT_FLOOR_DAYS');
}
