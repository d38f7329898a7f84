import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ExitCode, type CliIo } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's flags strictly. On a mistake it prints the error with the usage on stderr, on --help the
 * usage on stdout, and returns the exit code to end with; otherwise the parsed flags and positionals.
 */
export function readCommandLine<O extends Options>(
  io: CliIo,
  command: string,
  usage: string,
  args: string[],
  options: O,
  allowPositionals = false,
): { exit: ExitCode } | { parsed: ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean }>> } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true as const, allowPositionals });
  } catch (error) {
    io.stderr(`${command}: ${(error as Error).message}\n\n${usage}`);
    return { exit: ExitCode.usage };
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    io.stdout(usage);
    return { exit: ExitCode.pass };
  }
  return { parsed };
}
