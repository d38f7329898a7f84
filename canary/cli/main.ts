#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExitCode, processIo, type CliIo } from './io.js';
import { runProbeCommand } from './probe-command.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Subcommands load lazily, so a plain probe run never pays for the AWS SDK. */
const SUBCOMMANDS: Record<string, () => Promise<Command>> = {
  keygen: async () => (await import('./keygen-command.js')).runKeygenCommand,
  group: async () => (await import('./group-command.js')).runGroupCommand,
  doctor: async () => (await import('./doctor-command.js')).runDoctorCommand,
  gate: async () => (await import('./gate-command.js')).runGateCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const load = first === undefined ? undefined : SUBCOMMANDS[first];
  try {
    return load === undefined ? await runProbeCommand(argv, io) : await (await load())(rest, io);
  } catch (error) {
    // A bug, not a relay fault (those are verdicts): say so plainly, without dumping config that may hold secrets.
    io.stderr(`zooid-canary: internal error: ${(error as Error).message}. Please report it with the command you ran.`);
    return ExitCode.usage;
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2), processIo());
}
