/**
 * One canary run over the relays and groups given (JSON in argv[2], key in CANARY_SECRET_KEY), in a process of
 * its own so its peak memory is the run's alone. One small run first compiles the code, as any warm container
 * has; then the measured run, with the heap sampled while it goes. Prints one JSON line of figures.
 */
import { hexToBytes } from 'nostr-tools/utils';
import { canaryConfig, passingRun, signerFor } from './canary.mjs';

const HEAP_SAMPLE_MS = 2;

const { relays, groups } = JSON.parse(process.argv[2]);
const sign = signerFor(hexToBytes(process.env.CANARY_SECRET_KEY));
await passingRun(canaryConfig({ relays: relays.slice(0, 1), groups: groups.slice(0, 1) }), sign);

const idle = process.memoryUsage();
let peakHeapBytes = idle.heapUsed;
const sampler = setInterval(() => (peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed)), HEAP_SAMPLE_MS);
const start = performance.now();
const run = await passingRun(canaryConfig({ relays, groups }), sign);
const wallMs = performance.now() - start;
clearInterval(sampler);
peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);

console.log(
  JSON.stringify({
    targets: run.verdicts.length,
    wallMs,
    idleRssBytes: idle.rss,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    idleHeapBytes: idle.heapUsed,
    peakHeapBytes,
  }),
);
