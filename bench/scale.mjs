/**
 * Scale: 1, 10 and 100 groups on one relay, and 10 and 100 relays of one group (one relay of one group is the
 * first point), each run in a fresh process (bench/scale-child.mjs) for its wall time and peak memory. These are default runs (read-back and clean-up
 * on), as production runs them: per target one message, one REQ and one deletion, over one connection and one
 * AUTH per relay.
 */
import { fileURLToPath } from 'node:url';
import { GROUP } from './canary.mjs';
import { mib, ms } from './format.mjs';
import { timeProcess } from './process-timing.mjs';
import { median } from './stats.mjs';

const SCALE_CHILD = fileURLToPath(new URL('./scale-child.mjs', import.meta.url));
const SIZES = [1, 10, 100];
const REPEATS = 3;
/** The default deadline of a run, which every scale point must pass within. */
const DEADLINE_MS = 10_000;

export async function measureScale({ host, key }) {
  const rows = [];
  const groupNames = (count) => Array.from({ length: count }, (_, i) => `${GROUP}-${i}`);
  const points = [
    ...SIZES.map((size) => ({ label: `${size} ${size === 1 ? 'group' : 'groups'} on 1 relay`, relays: 1, groups: groupNames(size) })),
    ...SIZES.filter((size) => size > 1).map((size) => ({ label: `${size} relays, 1 group each`, relays: size, groups: [GROUP] })),
  ];
  const env = { ...process.env, CANARY_SECRET_KEY: key.hex };
  try {
    for (const point of points) {
      const relays = await host.start(point.relays, point.groups, key.pubkey);
      const repeats = [];
      for (let i = 0; i < REPEATS; i++) {
        const { stdout } = await timeProcess(process.execPath, [SCALE_CHILD, JSON.stringify({ relays, groups: point.groups })], { env });
        const figures = JSON.parse(stdout);
        if (figures.targets !== relays.length * point.groups.length) throw new Error(`${point.label}: ${figures.targets} verdicts`);
        repeats.push(figures);
      }
      await host.stopAll();
      const of = (field) => median(repeats.map((repeat) => repeat[field]));
      const wallMs = of('wallMs');
      rows.push({
        metric: `scale: ${point.label}`,
        measured: `${ms(wallMs)}; peak RSS ${mib(of('peakRssBytes'))} (idle ${mib(of('idleRssBytes'))}); heap peak ${mib(of('peakHeapBytes'))} (idle ${mib(of('idleHeapBytes'))})`,
        goal: `passes within ${DEADLINE_MS / 1000} s`,
        ok: wallMs < DEADLINE_MS,
      });
    }
  } finally {
    await host.stopAll();
  }
  return rows;
}
