import type { ParseArgsConfig } from 'node:util';
import { npubEncode, nsecEncode } from 'nostr-tools/nip19';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { secretIdProblem } from '../secrets/secret-id.js';
import { readCommandLine } from './command-line.js';
import { ExitCode, type CliIo } from './io.js';

export const KEYGEN_USAGE = `Usage: zooid-canary keygen [--secret-id <name-or-arn> [--overwrite]]

Makes a new canary key and prints its public key (hex and npub), which goes into the canary's group with
zooid-canary group add-member.

  --secret-id <name-or-arn>  store the secret key in this Secrets Manager secret, as {"seckey": "<hex>"}, and
                             print only the public key: the secret never reaches the terminal. Creates the
                             secret; region and credentials from the standard AWS environment (AWS_REGION,
                             AWS_PROFILE, ...). Needs secretsmanager:CreateSecret.
  --overwrite                with --secret-id: replace the value of a secret that already exists (it may hold
                             the key a running canary uses; needs secretsmanager:UpdateSecret too)
  -h, --help                 show this help

Without --secret-id the secret key (nsec1...) is printed once on stdout, and nowhere else: store it at once.
Exits 0 when the key was made (and stored), 2 on bad usage or when AWS would not store it.`;

const OPTIONS = {
  'secret-id': { type: 'string' },
  overwrite: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export async function runKeygenCommand(args: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(io, 'zooid-canary keygen', KEYGEN_USAGE, args, OPTIONS);
  if ('exit' in commandLine) return commandLine.exit;
  const { values } = commandLine.parsed;
  const secretId = values['secret-id']?.trim();
  const problem = secretId === undefined ? (values.overwrite ? '--overwrite needs --secret-id' : null) : secretIdProblem(secretId, '--secret-id');
  if (problem !== null) {
    io.stderr(`zooid-canary keygen: ${problem}\n(see zooid-canary keygen --help)`);
    return ExitCode.usage;
  }

  const secretKey = generateSecretKey();
  const pubkey = getPublicKey(secretKey);
  const npub = npubEncode(pubkey);
  if (secretId !== undefined) {
    // The SDK loads only here, so keygen without --secret-id never pays for it.
    const { storeCanaryKey, SecretStoreError } = await import('../setup/secret-store.js');
    try {
      const stored = await storeCanaryKey(secretId, secretKey, npub, values.overwrite);
      io.stdout(`secret: ${stored} "${secretId}" with the new key (not shown)`);
    } catch (error) {
      if (!(error instanceof SecretStoreError)) throw error;
      io.stderr(`zooid-canary keygen: ${error.message}`);
      return ExitCode.usage;
    }
  } else {
    io.stdout(`nsec: ${nsecEncode(secretKey)}`);
    io.stderr(
      'zooid-canary keygen: the nsec above is the canary\'s secret key, printed this once and stored nowhere. ' +
        'Put it in the canary\'s secret now, keep it out of logs and shell history, or rerun with --secret-id to store it without printing it.',
    );
  }
  io.stdout(`pubkey: ${pubkey}`);
  io.stdout(`npub: ${npub}`);
  io.stdout(`next: zooid-canary group add-member --relay <url> --group <id> --pubkey ${npub}`);
  return ExitCode.pass;
}
