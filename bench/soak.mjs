/**
 * The soak: bench/soak-child.mjs makes 2,000 runs in one process; here its samples become the verdict. Heap
 * after forced GC must be flat after warm-up, and nothing of the runs may be left: no handle kind above its
 * count before the first run, and no WebSocket left open on the relay's side.
 */
import { fileURLToPath } from 'node:url';
import { GROUP } from './canary.mjs';
import { GOALS } from './goals.mjs';
import { kib, mib, ms } from './format.mjs';
import { timeProcess } from './process-timing.mjs';
import { slope } from './stats.mjs';

const SOAK_CHILD = fileURLToPath(new URL('./soak-child.mjs', import.meta.url));
/** Samples before this many runs are warm-up: JIT tiers, lazily built tables (signing), pools sizing up. */
const WARM_UP_RUNS = 200;
const SOAK_TIMEOUT_MS = 300_000;

export async function measureSoak({ host, key }) {
  const [url] = await host.start(1, [GROUP], key.pubkey);
  try {
    const { stdout } = await timeProcess(process.execPath, ['--expose-gc', SOAK_CHILD, url, GROUP], {
      env: { ...process.env, CANARY_SECRET_KEY: key.hex },
      timeoutMs: SOAK_TIMEOUT_MS,
    });
    const { baseline, samples, census, handlesAtEnd } = JSON.parse(stdout);
    const relayConnectionsLeft = await host.openConnections();
    const steady = samples.filter((s) => s.runs >= WARM_UP_RUNS);
    const first = steady[0];
    const last = steady.at(-1);
    const heapGrowth = last.heapUsed - first.heapUsed;
    const heapSlope = slope(steady.map((s) => s.runs), steady.map((s) => s.heapUsed));
    const rssGrowth = last.rss - first.rss;
    // V8 sizes its young generation up to a fixed cap under a high allocation rate: bounded, not retained.
    const rssBesidesYoung = (sample) => sample.rss - sample.v8NewSpaceBytes;
    const rssBesidesYoungGrowth = rssBesidesYoung(last) - rssBesidesYoung(first);
    const leftOver = Object.entries(handlesAtEnd)
      .map(([kind, count]) => [kind, count - (baseline.handles[kind] ?? 0)])
      .filter(([, extra]) => extra > 0);
    const retainedBytes = census.after.bytes - census.before.bytes;
    const retainedObjects = census.after.count - census.before.count;
    const socketsInSamples = Math.max(...samples.map((s) => s.handles.TCPSocketWrap ?? 0));
    return [
      {
        metric: `soak: heap after GC, run ${first.runs} -> ${last.runs}`,
        measured: `${mib(first.heapUsed)} -> ${mib(last.heapUsed)} (${signed(kib(heapGrowth))}; slope ${heapSlope.toFixed(1)} B/run)`,
        goal: `flat: < ${kib(GOALS.soakHeapGrowthBytes)} growth`,
        ok: heapGrowth < GOALS.soakHeapGrowthBytes,
      },
      {
        metric: `soak: objects retained over ${census.runs} more runs (heap snapshots, V8 code excluded)`,
        measured: `${signed(String(retainedObjects))} objects, ${signed(kib(retainedBytes))} (${(retainedBytes / census.runs).toFixed(1)} B/run)`,
        goal: `< ${GOALS.soakRetainedBytesPerRun} B/run`,
        ok: retainedBytes / census.runs < GOALS.soakRetainedBytesPerRun,
      },
      {
        metric: `soak: RSS, run ${first.runs} -> ${last.runs}`,
        measured: `${mib(first.rss)} -> ${mib(last.rss)} (${signed(mib(rssGrowth))}; baseline ${mib(baseline.rss)}); V8's pages ${mib(first.v8PhysicalBytes)} -> ${mib(last.v8PhysicalBytes)}, of them the young generation ${mib(first.v8NewSpaceBytes)} -> ${mib(last.v8NewSpaceBytes)}`,
      },
      {
        metric: 'soak: RSS besides V8\'s young generation',
        measured: `${mib(rssBesidesYoung(first))} -> ${mib(rssBesidesYoung(last))} (${signed(mib(rssBesidesYoungGrowth))})`,
        goal: `flat: < ${mib(GOALS.soakRssGrowthBytes)} growth`,
        ok: rssBesidesYoungGrowth < GOALS.soakRssGrowthBytes,
      },
      {
        metric: 'soak: handles left after 2,000 runs (over the baseline)',
        measured: `${leftOver.length === 0 ? 'none' : leftOver.map(([kind, extra]) => `${kind} +${extra}`).join(', ')}; sockets at any sample: ${socketsInSamples}; relay-side connections left: ${relayConnectionsLeft}`,
        goal: '0 pending',
        ok: leftOver.length === 0 && socketsInSamples === 0 && relayConnectionsLeft === 0,
      },
      { metric: 'soak: time per run, first block -> last block', measured: `${ms(samples[0].msPerRun)} -> ${ms(samples.at(-1).msPerRun)}` },
    ];
  } finally {
    await host.stopAll();
  }
}

const signed = (text) => (text.startsWith('-') ? text : `+${text}`);
