/**
 * The gate's waiting logic on a fake clock and a scripted API: which run is "ours", and that every loop
 * ends even when the clock lies.
 */
import { describe, expect, it } from 'vitest';
import { awaitCanaryVerdict, pickStartedRun, type GateEvent, type GateTiming } from '../canary/gate/await-verdict.js';
import { ApiErrorKind, CanaryApiError, type CanaryRun, type CanaryRunsApi } from '../canary/gate/canary-runs.js';

const T0 = Date.parse('2026-05-09T12:00:00Z');
const TIMING: GateTiming = { waitMs: 60_000, pollMs: 5_000, clockSkewMs: 30_000 };
const at = (secondsAfterT0: number) => new Date(T0 + secondsAfterT0 * 1000);

/** A clock that only moves when the code under test sleeps. */
function fakeClock() {
  let now = T0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms), frozenSleep: async () => undefined };
}

/** An API whose GetCanaryRuns answers come from a script, one per call (the last repeats). */
function scriptedApi(pages: CanaryRun[][], startErrors: CanaryApiError[] = []) {
  const calls: string[] = [];
  const api: CanaryRunsApi = {
    async start() {
      calls.push('start');
      const error = startErrors.shift();
      if (error) throw error;
    },
    async recentRuns() {
      calls.push('runs');
      return pages.length > 1 ? pages.shift()! : pages[0] ?? [];
    },
  };
  return { api, calls };
}

describe('pickStartedRun', () => {
  const notBefore = T0 - 30_000;
  it('ignores runs listed before the start, even recent ones', () => {
    expect(pickStartedRun([{ id: 'a', state: 'PASSED', startedAt: at(1) }], new Set(['a']), notBefore)).toBeUndefined();
  });
  it('ignores new-looking runs that started before the start call less the skew allowance', () => {
    expect(pickStartedRun([{ id: 'b', state: 'PASSED', startedAt: at(-31) }], new Set(), notBefore)).toBeUndefined();
  });
  it('accepts a run the AWS clock puts a little before our start (skew)', () => {
    expect(pickStartedRun([{ id: 'c', state: 'RUNNING', startedAt: at(-20) }], new Set(), notBefore)?.id).toBe('c');
  });
  it('takes the earliest fresh run when several appeared', () => {
    const runs = [
      { id: 'later', state: 'RUNNING', startedAt: at(40) },
      { id: 'ours', state: 'PASSED', startedAt: at(2) },
    ];
    expect(pickStartedRun(runs, new Set(), notBefore)?.id).toBe('ours');
  });
});

describe('awaitCanaryVerdict', () => {
  it('snapshots, starts, then reports each state change once and the verdict', async () => {
    const clock = fakeClock();
    const old = { id: 'old', state: 'FAILED', startedAt: at(-100) };
    const running = { id: 'new', state: 'RUNNING', startedAt: at(1) };
    const passed = { ...running, state: 'PASSED', completedAt: at(9) };
    const { api, calls } = scriptedApi([[old], [old], [running, old], [running, old], [passed, old]]);
    const events: GateEvent[] = [];
    const outcome = await awaitCanaryVerdict('c', TIMING, { api, now: clock.now, sleep: clock.sleep, onEvent: (e) => events.push(e) });
    expect(outcome).toEqual({ kind: 'passed', run: passed });
    expect(calls).toEqual(['runs', 'start', 'runs', 'runs', 'runs', 'runs']);
    expect(events.map((e) => (e.type === 'run' ? e.run.state : e.type))).toEqual(['started', 'RUNNING', 'PASSED']);
  });

  it('retries a busy canary, taking a fresh snapshot before each start', async () => {
    const clock = fakeClock();
    const busy = new CanaryApiError(ApiErrorKind.busy, 'ConflictException');
    const othersRun = { id: 'other-gate', state: 'RUNNING', startedAt: at(0) };
    const ours = { id: 'ours', state: 'FAILED', startedAt: at(6), completedAt: at(8) };
    // The other gate's run is listed in the second snapshot and must never be taken for ours.
    const { api } = scriptedApi([[], [othersRun], [{ ...othersRun, state: 'PASSED' }, ours]], [busy]);
    const outcome = await awaitCanaryVerdict('c', TIMING, { api, now: clock.now, sleep: clock.sleep });
    expect(outcome).toEqual({ kind: 'failed', run: ours });
  });

  it('passes AWS errors other than busy straight up', async () => {
    const clock = fakeClock();
    const notFound = new CanaryApiError(ApiErrorKind.notFound, 'ResourceNotFoundException');
    const { api } = scriptedApi([[]], [notFound]);
    await expect(awaitCanaryVerdict('c', TIMING, { api, now: clock.now, sleep: clock.sleep })).rejects.toBe(notFound);
  });

  it('times out waiting for the run to appear, at the deadline', async () => {
    const clock = fakeClock();
    const { api } = scriptedApi([[]]);
    const outcome = await awaitCanaryVerdict('c', TIMING, { api, now: clock.now, sleep: clock.sleep });
    expect(outcome).toEqual({ kind: 'timeout', phase: 'waitingForRun' });
    expect(clock.now() - T0).toBe(TIMING.waitMs);
  });

  it('times out on a run that never finishes, naming it', async () => {
    const clock = fakeClock();
    const running = { id: 'new', state: 'RUNNING', startedAt: at(1) };
    const { api } = scriptedApi([[], [running]]);
    const outcome = await awaitCanaryVerdict('c', TIMING, { api, now: clock.now, sleep: clock.sleep });
    expect(outcome).toEqual({ kind: 'timeout', phase: 'running', run: running });
  });

  it('stops after a bounded number of calls even if the clock never moves', async () => {
    const clock = fakeClock();
    const { api, calls } = scriptedApi([[]]);
    const outcome = await awaitCanaryVerdict('c', TIMING, { api, now: clock.now, sleep: clock.frozenSleep });
    expect(outcome.kind).toBe('timeout');
    expect(calls.length).toBeLessThanOrEqual(TIMING.waitMs / TIMING.pollMs + 3);
  });

  it('gives up starting a canary that stays busy', async () => {
    const clock = fakeClock();
    const busy = () => new CanaryApiError(ApiErrorKind.busy, 'ConflictException');
    const { api } = scriptedApi([[]], Array.from({ length: 100 }, busy));
    const outcome = await awaitCanaryVerdict('c', TIMING, { api, now: clock.now, sleep: clock.sleep });
    expect(outcome).toEqual({ kind: 'timeout', phase: 'starting' });
  });
});
