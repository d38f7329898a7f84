import type { ParseArgsConfig } from 'node:util';
import { keyFromEnv, resolveRelayTarget } from './command-input.js';
import { diagnose } from '../setup/doctor-checks.js';
import { gatherDoctorFacts } from '../setup/doctor-facts.js';
import { humanDoctorReport, jsonDoctorReport } from '../setup/doctor-report.js';
import { secretIdProblem } from '../secrets/secret-id.js';
import { readCommandLine } from './command-line.js';
import { ExitCode, type CliIo } from './io.js';
import { SECRET_KEY_ENV } from './probe-command.js';

export const DOCTOR_USAGE = `Usage: zooid-canary doctor --relay <url> --group <id> [--timeout <seconds>] [--secret-id <name-or-arn>] [--json]

Checks that this canary can detect a membership regression. zooid skips its membership check for relay
admins, group admins (the creator is one), the relay's own key and groups that are not closed, so a canary
set up like that passes even when real members are refused. The doctor checks, as the canary:
  relay-document          the relay serves its NIP-11 document (it names the relay's own key)
  auth                    the relay accepts NIP-42 AUTH from the canary key
  group-exists            the relay publishes metadata (kind 39000) for the group
  group-closed            that metadata has the \`closed\` tag
  canary-member           the canary key is in the member list (kind 39002)
  canary-not-group-admin  the canary key is not in the admin list (kind 39001)
  canary-not-relay-key    the canary key is not the relay's own key (NIP-11 self)
Relay admins are not visible in group metadata: that one is on you.

Exits 0 when every check passed, 1 when any failed or could not be made (each says why and what to do), 2 on
bad usage or configuration, or when Secrets Manager would not hand over the key. It publishes nothing.

Options:
  --relay <url>        relay WebSocket URL, exactly as the canary uses it
  --group <id>         the canary's NIP-29 group id
  --timeout <seconds>  deadline for the whole check (default 10)
  --secret-id <name-or-arn>
                       read the canary key from this Secrets Manager secret, as the deployed canary does
                       (bare key or {"seckey": "..."}; region and credentials from the standard AWS environment)
  --json               print the report as one JSON line
  -h, --help           show this help

Environment:
  ${SECRET_KEY_ENV}    the canary's secret key, 64 hex characters or nsec1...; never printed (unused with --secret-id)`;

const OPTIONS = {
  relay: { type: 'string' },
  group: { type: 'string' },
  timeout: { type: 'string' },
  'secret-id': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export async function runDoctorCommand(args: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(io, 'zooid-canary doctor', DOCTOR_USAGE, args, OPTIONS);
  if ('exit' in commandLine) return commandLine.exit;
  const { values } = commandLine.parsed;

  const problems: string[] = [];
  const target = resolveRelayTarget(values);
  if (Array.isArray(target)) problems.push(...target);
  const secretId = values['secret-id']?.trim();
  // With --secret-id the key is read once everything else checks out; null until then.
  const key = secretId === undefined ? keyFromEnv(io.env, SECRET_KEY_ENV, "the canary's") : secretIdProblem(secretId, '--secret-id');
  if (typeof key === 'string') problems.push(key);
  if (Array.isArray(target) || typeof key === 'string') return cannotRun(io, problems);

  let canaryKey = key;
  if (canaryKey === null && secretId !== undefined) {
    // Loaded only for --secret-id, so a doctor run on an env key never loads the AWS SDK.
    const { readCanaryKey } = await import('../secrets/secrets-manager-key.js');
    const read = await readCanaryKey(secretId);
    if (!read.ok) return cannotRun(io, [read.message]);
    canaryKey = read.key;
  }
  if (canaryKey === null) throw new Error('no canary key after the checks above');

  const report = diagnose(await gatherDoctorFacts(target, canaryKey));
  if (values.json) io.stdout(jsonDoctorReport(report));
  else for (const line of humanDoctorReport(report)) io.stdout(line);
  return report.ok ? ExitCode.pass : ExitCode.fail;
}

function cannotRun(io: CliIo, problems: readonly string[]): ExitCode {
  io.stderr(`zooid-canary doctor: cannot run:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(see zooid-canary doctor --help)`);
  return ExitCode.usage;
}
