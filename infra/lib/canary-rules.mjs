/**
 * Limits Synthetics enforces only when CloudFormation is already half-way through a deploy, checked at
 * package time instead, so an operator sees every bad parameter at once and before touching AWS.
 */
import { ratePeriodSeconds } from './schedule.mjs';

/** Synthetics canary names: at most 21 characters of [0-9a-z_-]. */
export const CANARY_NAME = /^[0-9a-z_-]{1,21}$/;

/** The Playwright runtimes on Node.js 22 start at syn-nodejs-playwright-4.0; the bundle targets Node 22. */
export const PLAYWRIGHT_RUNTIME = /^syn-nodejs-playwright-(\d+)\.(\d+)$/;
export const FIRST_NODE22_PLAYWRIGHT_MAJOR = 4;

/**
 * Every problem with the AWS::Synthetics::Canary resources of a (variable-resolved) `resources.Resources`
 * section, as sentences that name the parameter to change. Empty when all is well.
 */
export function canaryProblems(resources) {
  const problems = [];
  for (const [logicalId, resource] of Object.entries(resources ?? {})) {
    if (resource?.Type !== 'AWS::Synthetics::Canary') continue;
    problems.push(...problemsOf(logicalId, resource.Properties ?? {}));
  }
  return problems;
}

function problemsOf(logicalId, properties) {
  const problems = [];
  const say = (text) => problems.push(`${logicalId}: ${text}`);

  const name = properties.Name;
  if (typeof name !== 'string' || !CANARY_NAME.test(name)) {
    say(
      `canary name "${name}" must be 1-21 characters of 0-9 a-z _ - ` +
        '(pass a shorter --param="canaryName=..." or a shorter --stage)',
    );
  }

  const runtime = PLAYWRIGHT_RUNTIME.exec(String(properties.RuntimeVersion));
  if (runtime === null || Number(runtime[1]) < FIRST_NODE22_PLAYWRIGHT_MAJOR) {
    say(
      `runtime "${properties.RuntimeVersion}" is not a Playwright runtime on Node.js 22: pass ` +
        `--param="runtimeVersion=syn-nodejs-playwright-N.M" with N >= ${FIRST_NODE22_PLAYWRIGHT_MAJOR}`,
    );
  }

  const timeoutSeconds = Number(properties.RunConfig?.TimeoutInSeconds);
  let periodSeconds;
  try {
    periodSeconds = ratePeriodSeconds(properties.Schedule?.Expression);
  } catch (error) {
    say(error.message);
  }
  // Half the period at most: a slow run must never eat into the next scheduled one.
  if (periodSeconds > 0 && !(timeoutSeconds <= periodSeconds / 2)) {
    say(
      `run timeout ${timeoutSeconds} s must be at most half the schedule's period (${periodSeconds} s): ` +
        'lower --param="runTimeoutSeconds=..." or schedule less often',
    );
  }

  const variables = properties.RunConfig?.EnvironmentVariables ?? {};
  const relayTimeoutSeconds = Number(variables.TIMEOUT_SECONDS);
  // The handler probes relays one after another (one Synthetics step each), each up to TIMEOUT_SECONDS.
  const relays = Math.max(1, String(variables.RELAY_URL ?? '').split(',').filter((url) => url.trim() !== '').length);
  if (!(relayTimeoutSeconds > 0 && relayTimeoutSeconds * relays < timeoutSeconds)) {
    const per = relays === 1 ? '' : ` x ${relays} relays (probed one after another)`;
    say(
      `TIMEOUT_SECONDS ${relayTimeoutSeconds}${per} must be positive and below the run timeout (${timeoutSeconds} s), ` +
        'so the probe reports a relay timeout before Synthetics kills the run',
    );
  }
  return problems;
}
