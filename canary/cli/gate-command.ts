import { setTimeout as sleep } from 'node:timers/promises';
import type { ParseArgsConfig } from 'node:util';
import { parseDecimal } from '../core/settings-text.js';
import { awaitCanaryVerdict, DEFAULT_TIMING, type GateTiming } from '../gate/await-verdict.js';
import { CanaryApiError } from '../gate/canary-runs.js';
import { apiErrorMessage, eventLine, outcomeLine } from '../gate/gate-report.js';
import { readCommandLine } from './command-line.js';
import { ExitCode, type CliIo } from './io.js';

/** An hour: longer than any Synthetics run can take (840 s timeout) plus a canary update before it. */
const MAX_WAIT_SECONDS = 3600;

export const GATE_USAGE = `Usage: zooid-canary gate --canary <name> [--region <region>] [--wait <seconds>] [--poll <seconds>]

Run after a relay deploy: starts one run of the on-demand (rate(0 minute)) canary, waits for that run's
verdict and prints its state, reason and duration. Exits 0 when the run PASSED, 1 when it FAILED or did
not finish in time, 2 on bad usage or when AWS refused (canary not found, access denied, no credentials).

Options:
  --canary <name>    the on-demand canary: the stack output DeployCanaryName (e.g. zooid-prod-deploy)
  --region <region>  AWS region of the canary (default: AWS_REGION or the profile's region)
  --wait <seconds>   how long to wait for the verdict in all, including for a busy canary (default ${DEFAULT_TIMING.waitMs / 1000}, max ${MAX_WAIT_SECONDS})
  --poll <seconds>   pause between GetCanaryRuns calls (default ${DEFAULT_TIMING.pollMs / 1000})
  -h, --help         show this help

If the canary is already running (another deploy's gate) or being updated, the gate waits for it and then
starts a fresh run, so the verdict is always about a run that started after this call.

Environment: the AWS SDK's standard variables (AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID, ...,
AWS_ENDPOINT_URL). The caller needs synthetics:StartCanary and synthetics:GetCanaryRuns on the canary.`;

const OPTIONS = {
  canary: { type: 'string' },
  region: { type: 'string' },
  wait: { type: 'string' },
  poll: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export async function runGateCommand(args: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(io, 'zooid-canary gate', GATE_USAGE, args, OPTIONS);
  if ('exit' in commandLine) return commandLine.exit;
  const { values } = commandLine.parsed;

  const problems: string[] = [];
  const canary = values.canary?.trim() ?? '';
  if (canary === '') problems.push('--canary is required: the stack output DeployCanaryName');
  // Fractions allowed, so tests can shrink the intervals.
  const waitSeconds = parseDecimal(values.wait) ?? DEFAULT_TIMING.waitMs / 1000;
  if (!(waitSeconds > 0 && waitSeconds <= MAX_WAIT_SECONDS)) problems.push(`--wait must be a number of seconds in (0, ${MAX_WAIT_SECONDS}]`);
  const pollSeconds = parseDecimal(values.poll) ?? DEFAULT_TIMING.pollMs / 1000;
  if (!(pollSeconds > 0 && pollSeconds <= waitSeconds)) problems.push('--poll must be a positive number of seconds, at most --wait');
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(values.region)) {
    problems.push(`--region "${values.region}" does not look like an AWS region (e.g. eu-west-1)`);
  }
  if (problems.length > 0) {
    io.stderr(`zooid-canary gate: cannot run:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(see zooid-canary gate --help)`);
    return ExitCode.usage;
  }

  // The SDK loads only here, when a gate really runs.
  const { syntheticsCanaryRuns } = await import('../gate/synthetics-api.js');
  const api = syntheticsCanaryRuns(values.region === undefined ? {} : { region: values.region });
  const timing: GateTiming = { ...DEFAULT_TIMING, waitMs: waitSeconds * 1000, pollMs: pollSeconds * 1000 };
  try {
    const outcome = await awaitCanaryVerdict(canary, timing, {
      api,
      now: Date.now,
      sleep: (ms) => sleep(ms),
      onEvent: (event) => io.stdout(eventLine(canary, event, pollSeconds)),
    });
    io.stdout(outcomeLine(canary, outcome, waitSeconds));
    return outcome.kind === 'passed' ? ExitCode.pass : ExitCode.fail;
  } catch (error) {
    if (!(error instanceof CanaryApiError)) throw error;
    io.stderr(apiErrorMessage(error, canary, values.region ?? (await api.region())));
    return ExitCode.usage;
  }
}

