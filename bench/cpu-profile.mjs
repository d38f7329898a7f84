/**
 * Where the CPU of a run goes, probe against floor: V8's sampling profiler over a batch of runs of each, self
 * time sorted into signing (nostr-tools and @noble), JSON, the WebSocket library, the probe's own code, Node's
 * socket and stream internals, and GC. Same flow for both (the lean probe), so the categories compare. The
 * profiler's own overhead inflates every figure a little; the unprofiled CPU per run is in the section above.
 */
import { Session } from 'node:inspector/promises';
import { finalizeEvent, getPublicKey } from 'nostr-tools/pure';
import { floorRun } from './floor.mjs';
import { canaryConfig, GROUP, passingRun, signerFor } from './canary.mjs';
import { ms } from './format.mjs';

/** Rounds alternate floor and probe, so a spell of load on this shared machine falls on both. */
const ROUNDS = 4;
const RUNS_PER_ROUND = 25;
const SAMPLING_INTERVAL_US = 100;
const SIGNATURES = 100;

/** First match wins; `url` is the script's, empty for V8 builtins such as JSON.parse. */
const CATEGORIES = [
  ['signing (nostr-tools, @noble)', ({ url }) => url.includes('/nostr-tools/') || url.includes('/@noble/')],
  ['JSON parse/stringify', ({ url, functionName }) => url === '' && (functionName === 'parse' || functionName === 'stringify')],
  ['ws library (framing, events)', ({ url }) => url.includes('/node_modules/ws/')],
  ['probe code (dist/core)', ({ url }) => url.includes('/dist/core/')],
  // Native bindings have no URL: socket writes (writev, writeUtf8String), connect, close.
  ['Node internals and bindings (net, streams, timers)', ({ url, functionName }) => url.startsWith('node:') || (url === '' && !functionName.startsWith('('))],
  ['garbage collection', ({ functionName }) => functionName === '(garbage collector)'],
];
const OTHER = 'other (V8 itself, the bench loop)';
const IDLE = '(idle)';

export async function profileProbeAgainstFloor({ host, key }) {
  const [url] = await host.start(1, [GROUP], key.pubkey);
  const sign = signerFor(key.secretKey);
  const lean = canaryConfig({ relays: [url], groups: [GROUP], readback: false, cleanup: false });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  const contenders = { floor: () => floorRun(url, GROUP, key.secretKey), probe: () => passingRun(lean, sign) };
  const perRun = { floor: {}, probe: {} };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(contenders)) {
        for (const [category, msPerRun] of Object.entries(await profileRuns(session, run))) {
          perRun[name][category] = (perRun[name][category] ?? 0) + msPerRun / ROUNDS;
        }
      }
    }
  } finally {
    await session.post('Profiler.disable');
    session.disconnect();
    await host.stopAll();
  }
  const names = [...CATEGORIES.map(([name]) => name), OTHER];
  const signing = signingCost(key.secretKey);
  // Shares as well as milliseconds: the profiler's overhead inflates the milliseconds, much less the shares.
  const share = (contender, name) => {
    const total = Object.values(perRun[contender]).reduce((sum, value) => sum + value, 0);
    const value = perRun[contender][name] ?? 0;
    return `${ms(value)} (${((100 * value) / total).toFixed(0)}%)`;
  };
  return [
    ...names.map((name) => ({
      metric: `CPU per run, profiled: ${name}`,
      measured: `probe ${share('probe', name)}, floor ${share('floor', name)}`,
    })),
    { metric: 'one signature (finalizeEvent; 2 per lean run, 3 per default run)', measured: ms(signing.signMs) },
    { metric: 'of it: the public key, derived again on every signature', measured: ms(signing.publicKeyMs) },
  ];
}

/** Mean cost of signing one canary-sized event, and of the getPublicKey that finalizeEvent repeats inside it. */
function signingCost(secretKey) {
  const template = () => ({ kind: 9, created_at: 0, tags: [['h', GROUP]], content: 'x'.repeat(151) });
  const mean = (action) => {
    for (let i = 0; i < SIGNATURES / 10; i++) action();
    const start = performance.now();
    for (let i = 0; i < SIGNATURES; i++) action();
    return (performance.now() - start) / SIGNATURES;
  };
  return { signMs: mean(() => finalizeEvent(template(), secretKey)), publicKeyMs: mean(() => getPublicKey(secretKey)) };
}

/** Milliseconds of self time per run, by category. */
async function profileRuns(session, run) {
  await run(); // not profiled: the first run of a batch pays for lazy compilation
  await session.post('Profiler.start');
  for (let i = 0; i < RUNS_PER_ROUND; i++) await run();
  const { profile } = await session.post('Profiler.stop');
  const categoryOf = new Map(profile.nodes.map((node) => [node.id, categorize(node.callFrame)]));
  const totals = {};
  profile.samples.forEach((nodeId, i) => {
    const category = categoryOf.get(nodeId);
    if (category !== IDLE) totals[category] = (totals[category] ?? 0) + profile.timeDeltas[i] / 1000 / RUNS_PER_ROUND;
  });
  return totals;
}

function categorize(callFrame) {
  if (callFrame.functionName === IDLE) return IDLE;
  return CATEGORIES.find(([, matches]) => matches(callFrame))?.[0] ?? OTHER;
}
