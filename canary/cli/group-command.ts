import type { ParseArgsConfig } from 'node:util';
import { getPublicKey, type VerifiedEvent } from 'nostr-tools/pure';
import { signerFor, type Signer } from '../core/canary-events.js';
import { ProbeFailure } from '../core/verdict.js';
import { withAuthenticatedSession } from '../setup/authed-session.js';
import { keyFromEnv, resolveRelayTarget, type RelayTarget } from './command-input.js';
import { signCreateGroup, signPutUser } from '../setup/group-events.js';
import { parsePublicKey } from '../setup/public-key.js';
import { readCommandLine } from './command-line.js';
import { ExitCode, type CliIo } from './io.js';

export const ADMIN_KEY_ENV = 'RELAY_ADMIN_SECRET_KEY';

export const GROUP_USAGE = `Usage: zooid-canary group create --relay <url> --group <id> [--name <name>] [--timeout <seconds>]
       zooid-canary group add-member --relay <url> --group <id> --pubkey <hex|npub> [--timeout <seconds>]

Sets up the canary's group with a relay admin's key, over NIP-42 AUTH:
  create       publishes a NIP-29 create-group (kind 9007) for a closed group: zooid checks membership on
               write only in closed groups, so only there can the canary see a membership regression
  add-member   publishes a put-user (kind 9000) that makes --pubkey (the canary's, from keygen) a plain member

Exits 0 when the relay accepted, 1 when it refused (its words are printed) or could not be reached, 2 on bad
usage or configuration. Then run zooid-canary doctor to check the canary can detect a regression.

Options:
  --relay <url>        relay WebSocket URL, exactly as the canary will use it
  --group <id>         NIP-29 group id
  --name <name>        create only: the group's display name (default: the group id)
  --pubkey <key>       add-member only: the canary's public key, 64 hex or npub1...
  --timeout <seconds>  deadline for the whole command (default 10)
  -h, --help           show this help

Environment:
  ${ADMIN_KEY_ENV}  a relay admin's secret key, 64 hex or nsec1...; never printed. Never use the
                          canary key here: a canary that is an admin passes even when members are refused.`;

const OPTIONS = {
  relay: { type: 'string' },
  group: { type: 'string' },
  name: { type: 'string' },
  pubkey: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const ACTIONS = ['create', 'add-member'] as const;
type Action = (typeof ACTIONS)[number];

export async function runGroupCommand(args: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(io, 'zooid-canary group', GROUP_USAGE, args, OPTIONS, true);
  if ('exit' in commandLine) return commandLine.exit;
  const { values, positionals } = commandLine.parsed;

  const problems: string[] = [];
  const action = positionals[0];
  if (!isAction(action) || positionals.length > 1) problems.push(`give one action, create or add-member (got: ${positionals.join(' ') || 'none'})`);
  const target = resolveRelayTarget(values);
  if (Array.isArray(target)) problems.push(...target);
  const adminKey = keyFromEnv(io.env, ADMIN_KEY_ENV, "a relay admin's");
  if (typeof adminKey === 'string') problems.push(adminKey);
  let member: string | null = null;
  if (action === 'add-member') {
    member = parsePublicKey(values.pubkey ?? '');
    if (member === null) problems.push('--pubkey is missing or not a public key: give the canary\'s public key as 64 hex or npub1... (zooid-canary keygen prints it)');
    else if (adminKey instanceof Uint8Array && member === getPublicKey(adminKey)) {
      problems.push(`--pubkey is the admin key's own public key: the canary needs its own key, which must stay a plain member`);
    }
  }
  if (action === 'create' && values.pubkey !== undefined) problems.push('--pubkey belongs to add-member: create the group first, then add the canary');
  if (action === 'add-member' && values.name !== undefined) problems.push('--name belongs to create');
  if (problems.length > 0 || !isAction(action) || Array.isArray(target) || typeof adminKey === 'string') {
    io.stderr(`zooid-canary group: cannot run:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(see zooid-canary group --help)`);
    return ExitCode.usage;
  }

  const sign = signerFor(adminKey);
  const now = Math.floor(Date.now() / 1000);
  const event =
    action === 'create'
      ? signCreateGroup(sign, target.group, values.name?.trim() || target.group, now)
      : signPutUser(sign, target.group, member ?? '', now);
  return publish(action, event, target, { sign, pubkey: getPublicKey(adminKey) }, io);
}

async function publish(action: Action, event: VerifiedEvent, target: RelayTarget, admin: { sign: Signer; pubkey: string }, io: CliIo): Promise<number> {
  const what = action === 'create' ? `create-group (kind ${event.kind}) for closed group "${target.group}"` : `put-user (kind ${event.kind}) of ${event.tags[1]?.[1]} in group "${target.group}"`;
  try {
    const answer = await withAuthenticatedSession(target.relayUrl, admin.sign, target.timeoutMs, {
      doing: `waiting for the relay's OK to the ${what}`,
      run: (session) => session.request('EVENT', event),
    });
    if (answer.accepted) {
      io.stdout(`OK ${target.relayUrl} accepted the ${what}, event ${event.id}`);
      io.stdout(`next: ${action === 'create' ? 'zooid-canary group add-member --pubkey <canary pubkey> ...' : `zooid-canary doctor --relay ${target.relayUrl} --group ${target.group}`}`);
      return ExitCode.pass;
    }
    io.stdout(`REFUSED ${target.relayUrl} refused the ${what}: ${answer.message || '(no reason given)'}`);
    const hint = refusalHint(answer.message, admin.pubkey, target.group);
    if (hint !== null) io.stdout(`next: ${hint}`);
    return ExitCode.fail;
  } catch (error) {
    if (!(error instanceof ProbeFailure)) throw error;
    const cause = error.reason === 'auth' ? `the relay refused AUTH with ${ADMIN_KEY_ENV}'s key: ${error.message}` : error.message;
    io.stdout(`FAILED ${what} on ${target.relayUrl}: ${cause}`);
    return ExitCode.fail;
  }
}

/** What to do about zooid's refusals of group management. */
function refusalHint(message: string, adminPubkey: string, group: string): string | null {
  if (message.startsWith('restricted: only admins can create groups')) {
    return `the key in ${ADMIN_KEY_ENV} (pubkey ${adminPubkey}) is not a relay admin: use a key from the relay's admin list`;
  }
  if (message.startsWith('restricted: you are not authorized to manage groups')) {
    return `the key in ${ADMIN_KEY_ENV} (pubkey ${adminPubkey}) is neither a relay admin nor an admin of group "${group}"`;
  }
  if (message.startsWith('invalid: that group already exists')) {
    return `group "${group}" exists: check it with zooid-canary doctor (it must be closed), or pick another --group`;
  }
  if (message.startsWith('invalid: group not found')) return `create the group first: zooid-canary group create --group ${group} ...`;
  return null;
}

function isAction(value: string | undefined): value is Action {
  return (ACTIONS as readonly (string | undefined)[]).includes(value);
}
