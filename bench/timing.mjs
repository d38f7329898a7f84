/** Wall and CPU time of one awaited call, measured the same way for every contender. */
export async function timed(action) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await action();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}
