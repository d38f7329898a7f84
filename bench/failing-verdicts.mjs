/**
 * Time to a failing verdict, for the faults that must fail in one round trip (nothing listening, a relay that
 * closes on the message, a relay that refuses it) and for a silent relay, which must fail at its deadline and
 * not later. Each run's reason is checked, so a fast wrong verdict cannot pass for a fast right one.
 */
import { canaryConfig, GROUP, runCanary, signerFor } from './canary.mjs';
import { closedPort } from './closed-port.mjs';
import { GOALS } from './goals.mjs';
import { ms, spread } from './format.mjs';
import { summary } from './stats.mjs';
import { timed } from './timing.mjs';

const FAST_RUNS = 15;
const SILENT_RUNS = 3;
/** The default deadline: a fault that waited for it would be unmistakable. */
const FAST_TIMEOUT_MS = 10_000;
const SILENT_TIMEOUT_MS = 2_000;

export async function measureFailingVerdicts({ host, key }) {
  const [url] = await host.start(1, [GROUP], key.pubkey);
  const sign = signerFor(key.secretKey);
  const cases = [
    { name: 'relay not listening', reason: 'connect', relay: `ws://127.0.0.1:${await closedPort()}`, faults: {} },
    { name: 'relay closes on the message', reason: 'closed', relay: url, faults: { closeOnEvent: { code: 4000, reason: 'bench: closing' } } },
    { name: 'relay refuses, cold membership cache', reason: 'rejected', relay: url, faults: {}, coldGroups: [GROUP] },
  ];
  const rows = [];
  try {
    for (const { name, reason, relay, faults, coldGroups } of cases) {
      await host.faults(url, faults, coldGroups);
      const config = canaryConfig({ relays: [relay], groups: [GROUP], timeoutMs: FAST_TIMEOUT_MS });
      const wall = await timedFailures(config, sign, reason, FAST_RUNS);
      rows.push({ metric: `failing verdict: ${name} (${reason})`, measured: spread(wall), goal: `< ${GOALS.fastFailureMs} ms (deadline ${FAST_TIMEOUT_MS / 1000} s)`, ok: wall.p90 < GOALS.fastFailureMs });
    }
    await host.faults(url, { silent: 'event' });
    const silent = await timedFailures(canaryConfig({ relays: [url], groups: [GROUP], timeoutMs: SILENT_TIMEOUT_MS }), sign, 'timeout', SILENT_RUNS);
    const latest = SILENT_TIMEOUT_MS + GOALS.deadlineOvershootMs;
    rows.push({
      metric: `failing verdict: silent relay (timeout ${SILENT_TIMEOUT_MS / 1000} s)`,
      measured: `${spread(silent)}, max ${ms(silent.max)}`,
      goal: `${SILENT_TIMEOUT_MS}-${latest} ms`,
      ok: silent.min >= SILENT_TIMEOUT_MS && silent.max <= latest,
    });
  } finally {
    await host.stopAll();
  }
  return rows;
}

async function timedFailures(config, sign, expectedReason, runs) {
  const wall = [];
  for (let i = 0; i < runs; i++) {
    let reason;
    const { wallMs } = await timed(async () => {
      reason = (await runCanary(config, { sign })).verdicts[0].reason;
    });
    if (reason !== expectedReason) throw new Error(`expected a ${expectedReason} verdict, got ${reason}`);
    wall.push(wallMs);
  }
  return { ...summary(wall), min: Math.min(...wall), max: Math.max(...wall) };
}
