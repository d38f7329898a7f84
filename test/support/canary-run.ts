import { format } from 'node:util';
import { vi } from 'vitest';
import { VERDICT_LOG_MARKER } from '../../canary/metrics/log-marker.js';

export interface CanaryRun {
  /** What the handler threw, or null when the run passed. */
  readonly error: Error | null;
  /** Everything the handler wrote to the console, one entry per call. */
  readonly output: string[];
  /** The verdicts on the marker lines the dashboard parses. */
  readonly verdicts: Record<string, unknown>[];
  readonly wallMs: number;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** Runs a Synthetics handler as the runtime would, capturing its console output and what it threw. */
export async function runHandler(handler: () => Promise<void>): Promise<CanaryRun> {
  const output: string[] = [];
  const spies = CONSOLE_METHODS.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push(format(...args));
    }),
  );
  const started = performance.now();
  let error: Error | null = null;
  try {
    await handler();
  } catch (thrown) {
    error = thrown as Error;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const verdicts = output
    .filter((line) => line.startsWith(`${VERDICT_LOG_MARKER} `))
    .map((line) => JSON.parse(line.slice(VERDICT_LOG_MARKER.length + 1)) as Record<string, unknown>);
  return { error, output, verdicts, wallMs: performance.now() - started };
}
