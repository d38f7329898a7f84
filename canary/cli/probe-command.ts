import { parseArgs, type ParseArgsConfig } from 'node:util';
import { signerFor } from '../core/canary-events.js';
import { runProbe } from '../core/probe.js';
import { resolveProbeConfig } from '../core/probe-config.js';
import { parseSecretKey, SecretKeyFormatError } from '../core/secret-key.js';
import { secretIdProblem } from '../secrets/secret-id.js';
import { verdictBeforeProbe } from '../secrets/verdict-before-probe.js';
import { ExitCode, type CliIo } from './io.js';
import { humanVerdictLine, jsonVerdictLine } from './verdict-format.js';

export const SECRET_KEY_ENV = 'CANARY_SECRET_KEY';

export const PROBE_USAGE = `Usage: zooid-canary --relay <url> --group <id> [--timeout <seconds>] [--secret-id <name-or-arn>] [--json]

Connects to a NIP-29 (zooid) relay, answers its NIP-42 AUTH challenge with the canary key, publishes a
kind-9 message to the group and waits for the relay's OK. Exits 0 when the relay accepted it, 1 when the
probe failed (including a --secret-id secret AWS would not hand over: reason "secret"), 2 on bad usage or
configuration (including a secret whose value is not a key).

Options:
  --relay <url>        relay WebSocket URL, e.g. wss://relay.example.com (also used verbatim in the AUTH 'relay' tag)
  --group <id>         NIP-29 group id; the canary key must be a plain member of this closed group
  --timeout <seconds>  deadline for the whole run (default 10)
  --secret-id <name-or-arn>
                       read the key from this Secrets Manager secret instead of ${SECRET_KEY_ENV}: its value is the
                       bare key or {"seckey": "..."}; region and credentials from the standard AWS environment
  --json               print one JSON line instead of the human line
  -h, --help           show this help

Environment:
  ${SECRET_KEY_ENV}    the canary's secret key, 64 hex characters or nsec1...; never printed (unused with --secret-id)

Other commands:
  zooid-canary <command> --help   for: keygen, group, doctor, gate`;

const OPTIONS = {
  relay: { type: 'string' },
  group: { type: 'string' },
  timeout: { type: 'string' },
  'secret-id': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export async function runProbeCommand(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    io.stderr(`zooid-canary: ${(error as Error).message}\n\n${PROBE_USAGE}`);
    return ExitCode.usage;
  }
  if (values.help) {
    io.stdout(PROBE_USAGE);
    return ExitCode.pass;
  }

  const problems: string[] = [];
  const config = resolveProbeConfig({
    relayUrl: values.relay,
    group: values.group,
    timeoutMs: values.timeout === undefined ? undefined : secondsToMs(values.timeout),
  });
  if (!config.ok) problems.push(...config.problems.map(asFlagProblem));
  const secretId = values['secret-id']?.trim();
  // With --secret-id the key is read once everything else checks out; null until then.
  const key = secretId === undefined ? readKey(io.env) : secretIdProblem(secretId, '--secret-id');
  if (typeof key === 'string') problems.push(key);
  if (!config.ok || typeof key === 'string') return cannotRun(io, problems);

  let secretKey = key;
  if (secretKey === null && secretId !== undefined) {
    // Loaded only for --secret-id, so a plain run never loads the AWS SDK.
    const { readCanaryKey } = await import('../secrets/secrets-manager-key.js');
    const startedAt = new Date();
    const start = performance.now();
    const read = await readCanaryKey(secretId);
    if (!read.ok && read.reason === 'config') return cannotRun(io, [read.message]);
    if (!read.ok) {
      const verdict = verdictBeforeProbe(config.value, read, startedAt, performance.now() - start);
      io.stdout(values.json ? jsonVerdictLine(verdict) : humanVerdictLine(verdict));
      return ExitCode.fail;
    }
    secretKey = read.key;
  }
  if (secretKey === null) throw new Error('no canary key after the checks above');

  const verdict = await runProbe(config.value, { sign: signerFor(secretKey) });
  io.stdout(values.json ? jsonVerdictLine(verdict) : humanVerdictLine(verdict));
  return verdict.ok ? ExitCode.pass : ExitCode.fail;
}

function cannotRun(io: CliIo, problems: readonly string[]): ExitCode {
  io.stderr(`zooid-canary: cannot run the probe:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(see zooid-canary --help)`);
  return ExitCode.usage;
}

/** The key, or a problem to report. */
function readKey(env: NodeJS.ProcessEnv): Uint8Array | string {
  const text = env[SECRET_KEY_ENV];
  if (text === undefined || text.trim() === '') {
    return `${SECRET_KEY_ENV} is not set: export the canary's secret key (64 hex or nsec1...) in it`;
  }
  try {
    return parseSecretKey(text, SECRET_KEY_ENV);
  } catch (error) {
    if (error instanceof SecretKeyFormatError) return error.message;
    throw error;
  }
}

function secondsToMs(text: string): number {
  return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) * 1000 : Number.NaN;
}

/** The core speaks of settings; on the command line they are flags. */
function asFlagProblem(problem: string): string {
  return problem.replace(/^relay URL/, '--relay').replace(/^group/, '--group').replace(/^timeout/, '--timeout');
}
