/**
 * 2,000 consecutive default runs in one process, as a warm Synthetics container makes them, against the relay
 * in argv[2] (group argv[3], key in CANARY_SECRET_KEY). Started with --expose-gc, so every sample follows a
 * full collection and heap figures compare. Every SAMPLE_EVERY runs: heap, RSS and the live handles by kind.
 * Then a census of the heap's objects, CENSUS_RUNS more runs, and another: what the runs retain, apart from the
 * JIT's code (taken last, since a snapshot's own memory would blur the RSS samples). Prints one JSON line: the
 * baseline (before the first run), the samples, the two censuses and the handles left at the end.
 */
import v8 from 'node:v8';
import { hexToBytes } from 'nostr-tools/utils';
import { canaryConfig, passingRun, signerFor } from './canary.mjs';
import { heapCensus } from './heap-census.mjs';

const RUNS = 2_000;
const SAMPLE_EVERY = 100;
const CENSUS_RUNS = 300;

if (typeof globalThis.gc !== 'function') throw new Error('run the soak with node --expose-gc');
const [relayUrl, group] = process.argv.slice(2);
const config = canaryConfig({ relays: [relayUrl], groups: [group] });
const sign = signerFor(hexToBytes(process.env.CANARY_SECRET_KEY));

const sample = (runs) => {
  globalThis.gc();
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  // What V8 holds in physical pages and in malloc: tells RSS that V8 or the allocator keeps from RSS the program keeps.
  const { total_physical_size: v8PhysicalBytes, malloced_memory: v8MallocedBytes } = v8.getHeapStatistics();
  const v8NewSpaceBytes = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
  return { runs, heapUsed, rss, external, arrayBuffers, v8PhysicalBytes, v8MallocedBytes, v8NewSpaceBytes, handles: handleCounts() };
};

// stdout and stderr get their handles on first use, and Node's net code uses stderr when the first socket is
// destroyed (it compares the socket with process.stderr): open both now, and let start-up's pending closes
// settle, so the baseline holds what the process holds at rest.
for (const stream of [process.stdout, process.stderr]) stream.write('');
await new Promise((resolve) => setImmediate(resolve));
const baseline = sample(0);
const samples = [];
let blockStart = performance.now();
for (let run = 1; run <= RUNS; run++) {
  await passingRun(config, sign);
  if (run % SAMPLE_EVERY === 0) {
    const msPerRun = (performance.now() - blockStart) / SAMPLE_EVERY;
    samples.push({ ...sample(run), msPerRun });
    blockStart = performance.now();
  }
}
const censusBefore = await heapCensus();
for (let run = 1; run <= CENSUS_RUNS; run++) await passingRun(config, sign);
const censusAfter = await heapCensus();
console.log(JSON.stringify({ baseline, samples, census: { runs: CENSUS_RUNS, before: censusBefore, after: censusAfter }, handlesAtEnd: handleCounts() }));

/** process.getActiveResourcesInfo() by kind: a leaked socket shows as TCPSocketWrap, a leaked timer as Timeout. */
function handleCounts() {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
