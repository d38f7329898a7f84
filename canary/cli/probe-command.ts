import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { resolveCanaryConfig, targetsOf } from '../core/canary-config.js';
import { signerFor } from '../core/canary-events.js';
import { runCanary, summarize } from '../core/canary-run.js';
import type { Verdict } from '../core/verdict.js';
import { verdictBeforeProbe } from '../core/verdict-before-probe.js';
import { parseDecimal, secondsToMs } from '../core/settings-text.js';
import { secretIdProblem } from '../secrets/secret-id.js';
import { asFlagProblems, keyFromEnv } from './command-input.js';
import { readCommandLine } from './command-line.js';
import { ExitCode, type CliIo } from './io.js';
import { humanRunLines, jsonVerdictLine } from './verdict-format.js';

export const SECRET_KEY_ENV = 'CANARY_SECRET_KEY';

export const PROBE_USAGE = `Usage: zooid-canary --relay <url> --group <id> [options]

Connects to a NIP-29 (zooid) relay, answers its NIP-42 AUTH challenge with the canary key, publishes a
kind-9 message to the group, waits for the relay's OK, reads the message back and deletes it. Exits 0 when
every relay accepted and returned every message, 1 when the probe failed (including a --secret-id secret AWS
would not hand over: reason "secret"), 2 on bad usage or configuration (including a secret whose value is
not a key).

Options:
  --relay <url>        relay WebSocket URL, e.g. wss://relay.example.com, used verbatim in the AUTH 'relay'
                       tag; repeat the flag (or separate with commas) to probe several relays at once
  --group <id>         NIP-29 group id; the canary key must be a plain member of this closed group; repeat
                       (or separate with commas) for several groups, probed over one connection per relay
  --timeout <seconds>  deadline for the whole run (default 10)
  --no-readback        do not ask for the accepted message back (REQ by id) before passing
  --no-cleanup         do not delete the canary message (kind 5) after a pass
  --cert-floor-days <days>
                       fail (reason tls) when a wss relay's certificate expires within this many days (default 7)
  --ca-file <pem>      also trust the CA certificate(s) in this PEM file for wss (a relay behind a private CA)
  --secret-id <name-or-arn>
                       read the key from this Secrets Manager secret instead of ${SECRET_KEY_ENV}: its value is the
                       bare key or {"seckey": "..."}; region and credentials from the standard AWS environment
  --json               print one JSON line per relay × group instead of the human lines
  -h, --help           show this help

Environment:
  ${SECRET_KEY_ENV}    the canary's secret key, 64 hex characters or nsec1...; never printed (unused with --secret-id)

Other commands:
  zooid-canary <command> --help   for: keygen, group, doctor, gate`;

const OPTIONS = {
  relay: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'no-readback': { type: 'boolean', default: false },
  'no-cleanup': { type: 'boolean', default: false },
  'cert-floor-days': { type: 'string' },
  'ca-file': { type: 'string' },
  'secret-id': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export async function runProbeCommand(args: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(io, 'zooid-canary', PROBE_USAGE, args, OPTIONS);
  if ('exit' in commandLine) return commandLine.exit;
  const { values } = commandLine.parsed;

  const problems: string[] = [];
  const trustedCertificates = readCaFile(values['ca-file'], problems);
  const config = resolveCanaryConfig({
    relays: values.relay,
    groups: values.group,
    timeoutMs: secondsToMs(values.timeout),
    readback: !values['no-readback'],
    cleanup: !values['no-cleanup'],
    certFloorDays: parseDecimal(values['cert-floor-days']),
    trustedCertificates,
  });
  if (!config.ok) problems.push(...asFlagProblems(config.problems));
  const secretId = values['secret-id']?.trim();
  // With --secret-id the key is read once everything else checks out; null until then.
  const key = secretId === undefined ? keyFromEnv(io.env, SECRET_KEY_ENV, "the canary's") : secretIdProblem(secretId, '--secret-id');
  if (typeof key === 'string') problems.push(key);
  if (!config.ok || typeof key === 'string' || problems.length > 0) return cannotRun(io, problems);

  const print = (verdicts: readonly Verdict[], ok: boolean, summary: string) => {
    const lines = values.json ? verdicts.map(jsonVerdictLine) : humanRunLines({ ok, verdicts, summary });
    for (const line of lines) io.stdout(line);
  };

  let secretKey = key;
  if (secretKey === null && secretId !== undefined) {
    // Loaded only for --secret-id, so a plain run never loads the AWS SDK.
    const { readCanaryKey } = await import('../secrets/secrets-manager-key.js');
    const startedAt = new Date();
    const start = performance.now();
    const read = await readCanaryKey(secretId);
    if (!read.ok && read.reason === 'config') return cannotRun(io, [read.message]);
    if (!read.ok) {
      const verdicts = targetsOf(config.value).map((target) => verdictBeforeProbe(target, read, startedAt, performance.now() - start));
      print(verdicts, false, summarize(verdicts));
      return ExitCode.fail;
    }
    secretKey = read.key;
  }
  if (secretKey === null) throw new Error('no canary key after the checks above');

  const run = await runCanary(config.value, { sign: signerFor(secretKey) });
  print(run.verdicts, run.ok, run.summary);
  return run.ok ? ExitCode.pass : ExitCode.fail;
}

function cannotRun(io: CliIo, problems: readonly string[]): ExitCode {
  io.stderr(`zooid-canary: cannot run the probe:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(see zooid-canary --help)`);
  return ExitCode.usage;
}

/** The PEM text of --ca-file, or nothing (with a problem noted when the file cannot be read). */
function readCaFile(path: string | undefined, problems: string[]): string[] {
  if (path === undefined) return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch (error) {
    problems.push(`--ca-file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): give a readable PEM file`);
    return [];
  }
}
