/**
 * `npm run bench`: every measurement of issue 7, on loopback against local relays run in a child process, then
 * one table with each figure's goal beside it. Expects dist/ (tsc) and the Synthetics zip (build.mjs) to be
 * built; the npm script builds both first. Exits 1 only when a section could not be measured: a MISS is a
 * finding, reported in the table, not a crash.
 */
import os from 'node:os';
import { benchKey } from './canary.mjs';
import { measureCliProcess } from './cli-process.mjs';
import { measureColdStart } from './cold-start.mjs';
import { profileProbeAgainstFloor } from './cpu-profile.mjs';
import { measureFailingVerdicts } from './failing-verdicts.mjs';
import { measureProbeAgainstFloor } from './probe-vs-floor.mjs';
import { startRelayHost } from './relay-host-client.mjs';
import { measureScale } from './scale.mjs';
import { measureSoak } from './soak.mjs';
import { markdownTable } from './table.mjs';

const SECTIONS = [
  ['Cold start of the Synthetics code', measureColdStart],
  ['Probe against the floor, in one process (relay in another)', measureProbeAgainstFloor],
  ['Where the CPU goes (V8 sampling profiler, 100 runs each)', profileProbeAgainstFloor],
  ['CLI as a whole process', measureCliProcess],
  ['Time to a failing verdict', measureFailingVerdicts],
  ['Scale (default runs, fresh process each, median of 3)', measureScale],
  ['Soak: 2,000 default runs in one process', measureSoak],
];

const began = performance.now();
const host = await startRelayHost();
const key = benchKey();
const sections = [];
try {
  for (const [title, measure] of SECTIONS) {
    const start = performance.now();
    process.stderr.write(`bench: ${title} ...`);
    try {
      const rows = await measure({ host, key });
      sections.push({ title, rows });
    } catch (error) {
      sections.push({ title, rows: [{ metric: 'could not be measured', measured: String(error?.message ?? error), ok: false }] });
      process.exitCode = 1;
    }
    process.stderr.write(` ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  }
} finally {
  await host.close();
}

const cpus = os.cpus();
console.log(
  `\nzooid-canary bench, ${new Date().toISOString()}: Node ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average at the end ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}; ` +
    `took ${((performance.now() - began) / 1000).toFixed(0)} s\n`,
);
console.log(markdownTable(sections));
