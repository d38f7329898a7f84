/**
 * The probe against the floor, in this process, on the same relay, alternating so that both share every
 * condition (JIT state, GC pressure, the relay's load). The lean probe (no read-back, no clean-up) runs the
 * floor's exact flow; the default probe and a floor that also reads back and deletes are measured the same way,
 * so the default's extra round trips are shown against a like floor instead of the lean one.
 */
import { floorRun } from './floor.mjs';
import { canaryConfig, GROUP, passingRun, signerFor } from './canary.mjs';
import { GOALS } from './goals.mjs';
import { median, summary } from './stats.mjs';
import { timed } from './timing.mjs';
import { ratio, spread } from './format.mjs';

const WARM_UP_RUNS = 20;
const BLOCKS = 5;
const RUNS_PER_BLOCK = 30;

export async function measureProbeAgainstFloor({ host, key }) {
  const [url] = await host.start(1, [GROUP], key.pubkey);
  const sign = signerFor(key.secretKey);
  const lean = canaryConfig({ relays: [url], groups: [GROUP], readback: false, cleanup: false });
  const full = canaryConfig({ relays: [url], groups: [GROUP] });
  const expectAccepted = (accepted) => {
    if (!accepted) throw new Error('the relay refused the floor run');
  };
  const contenders = {
    floor: () => floorRun(url, GROUP, key.secretKey).then(expectAccepted),
    probe: () => passingRun(lean, sign),
    fullFloor: () => floorRun(url, GROUP, key.secretKey, { full: true }).then(expectAccepted),
    fullProbe: () => passingRun(full, sign),
  };
  const names = Object.keys(contenders);

  for (let i = 0; i < WARM_UP_RUNS; i++) for (const name of names) await contenders[name]();
  const samples = Object.fromEntries(names.map((name) => [name, { wallMs: [], cpuMs: [] }]));
  const blockRatios = { lean: [], full: [] };
  for (let block = 0; block < BLOCKS; block++) {
    await host.forgetEvents(url);
    const blockWall = Object.fromEntries(names.map((name) => [name, []]));
    for (let i = 0; i < RUNS_PER_BLOCK; i++) {
      // Rotate who goes first, so no contender always runs right after the same other one.
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        const { wallMs, cpuMs } = await timed(contenders[name]);
        samples[name].wallMs.push(wallMs);
        samples[name].cpuMs.push(cpuMs);
        blockWall[name].push(wallMs);
      }
    }
    blockRatios.lean.push(median(blockWall.probe) / median(blockWall.floor));
    blockRatios.full.push(median(blockWall.fullProbe) / median(blockWall.fullFloor));
  }
  await host.stopAll();

  const wall = Object.fromEntries(names.map((name) => [name, summary(samples[name].wallMs)]));
  const cpu = Object.fromEntries(names.map((name) => [name, summary(samples[name].cpuMs)]));
  const leanRatio = wall.probe.median / wall.floor.median;
  const fullRatio = wall.fullProbe.median / wall.fullFloor.median;
  const ratioRange = (ratios) => `blocks ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`;
  return [
    { metric: 'floor run (connect, AUTH+OK, EVENT+OK, close)', measured: spread(wall.floor) },
    { metric: 'probe run, same flow (readback:false, cleanup:false)', measured: spread(wall.probe) },
    {
      metric: 'probe / floor, same flow',
      measured: `${ratio(leanRatio)} (${ratioRange(blockRatios.lean)})`,
      goal: `<= ${GOALS.probeToFloor}x`,
      ok: leanRatio <= GOALS.probeToFloor,
    },
    { metric: 'full floor (+ REQ..EOSE+CLOSE, + kind-5 delete and its OK)', measured: spread(wall.fullFloor) },
    { metric: 'probe default run (+ read-back, + clean-up)', measured: spread(wall.fullProbe) },
    {
      metric: 'probe default / full floor',
      measured: `${ratio(fullRatio)} (${ratioRange(blockRatios.full)})`,
      goal: `<= ${GOALS.probeToFloor}x`,
      ok: fullRatio <= GOALS.probeToFloor,
    },
    { metric: 'CPU per run (user+sys), floor', measured: spread(cpu.floor) },
    { metric: 'CPU per run (user+sys), probe same flow', measured: spread(cpu.probe), goal: `<= ${GOALS.probeToFloor}x floor's`, ok: cpu.probe.median <= GOALS.probeToFloor * cpu.floor.median },
    { metric: 'CPU per run (user+sys), full floor', measured: spread(cpu.fullFloor) },
    { metric: 'CPU per run (user+sys), probe default', measured: spread(cpu.fullProbe), goal: `<= ${GOALS.probeToFloor}x full floor's`, ok: cpu.fullProbe.median <= GOALS.probeToFloor * cpu.fullFloor.median },
  ];
}

