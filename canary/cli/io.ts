/**
 * What a CLI command may touch of its process. Commands return an exit code instead of calling
 * process.exit, so they can run in-process in tests and so pending output is never cut off.
 */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** The exit codes every zooid-canary command shares. */
export const ExitCode = {
  /** The check passed. */
  pass: 0,
  /** The check ran and failed (the relay refused, timed out, ...). */
  fail: 1,
  /** Bad usage, bad configuration, or the tool itself could not run the check (e.g. AWS said no). */
  usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function processIo(): CliIo {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  };
}
