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
  /** The check failed: the relay refused or timed out, or the probe's key could not be read (reason secret). */
  fail: 1,
  /** Bad usage or configuration, or a setup command AWS refused (gate: canary not found, access denied). */
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
