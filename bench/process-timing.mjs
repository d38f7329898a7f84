/** A whole Node process timed from spawn to exit, as a scheduler starting it would see it. */
import { spawn } from 'node:child_process';

/**
 * Rejects unless the process exits with one of `exitCodes`. Bounded: a process still running after `timeoutMs`
 * is killed and the bench fails instead of hanging.
 */
export function timeProcess(command, args, { env = process.env, cwd, timeoutMs = 30_000, exitCodes = [0] } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - start;
      if (!exitCodes.includes(code)) reject(new Error(`${command} ${args.join(' ')} exited ${code ?? signal}: ${stderr.trim() || stdout.trim()}`));
      else resolve({ wallMs, stdout, stderr });
    });
  });
}
