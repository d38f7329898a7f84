/**
 * The evaluation model the alert rule tests rely on behaves like Grafana's pkg/expr (reduce, threshold) and
 * ngalert's no-data and error handling, including the corners that decide whether an alert fires.
 */
import { describe, expect, it } from 'vitest';
import type { ProvisionedRule } from '../infra/grafana/alert-rule-file.js';
import { evaluateRule, reduce, threshold } from '../infra/grafana/rule-evaluator.js';

describe('reduce', () => {
  it('in strict mode lets one missing point turn sum, mean, min and max into NaN', () => {
    for (const reducer of ['sum', 'mean', 'min', 'max']) expect(reduce(reducer, [1, null, 0])).toBeNaN();
    expect(reduce('count', [1, null, 0])).toBe(3);
    expect(reduce('last', [1, 0, null])).toBeNull();
  });

  it('on an empty series gives NaN for min, max, mean and last, 0 for sum and count', () => {
    for (const reducer of ['min', 'max', 'mean', 'last']) expect(reduce(reducer, [])).toBeNaN();
    expect(reduce('sum', [])).toBe(0);
    expect(reduce('count', [])).toBe(0);
  });

  it('with dropNN ignores missing points and turns a NaN result into no value', () => {
    expect(reduce('max', [0, null, 0, NaN], { mode: 'dropNN' })).toBe(0);
    expect(reduce('count', [1, null, Infinity], { mode: 'dropNN' })).toBe(1);
    expect(reduce('max', [null], { mode: 'dropNN' })).toBeNull();
    expect(reduce('sum', [], { mode: 'dropNN' })).toBe(0);
  });

  it('with replaceNN fills missing points and a NaN result with the value', () => {
    expect(reduce('sum', [1, null], { mode: 'replaceNN', replaceWithValue: 5 })).toBe(6);
    expect(reduce('max', [], { mode: 'replaceNN', replaceWithValue: -1 })).toBe(-1);
  });
});

describe('threshold', () => {
  it('is 1 or 0, never holds for NaN, and passes no value through', () => {
    expect(threshold('lt', [1], 0)).toBe(1);
    expect(threshold('lt', [1], 1)).toBe(0);
    expect(threshold('gt', [1], NaN)).toBe(0);
    expect(threshold('lt', [1], NaN)).toBe(0);
    expect(threshold('gt', [1], null)).toBeNull();
  });

  it('keeps range ends out unless the type says included', () => {
    expect(threshold('within_range', [1, 3], 1)).toBe(0);
    expect(threshold('within_range_included', [1, 3], 1)).toBe(1);
    expect(threshold('outside_range', [1, 3], 3)).toBe(0);
    expect(threshold('outside_range_included', [1, 3], 3)).toBe(1);
  });
});

describe('evaluateRule', () => {
  const query = (refId: string) => ({ refId, datasourceUid: 'cw', model: { refId } });
  const expression = (refId: string, model: Record<string, unknown>) => ({ refId, datasourceUid: '__expr__', model: { refId, ...model } });
  const rule: ProvisionedRule = {
    uid: 'r',
    title: 'r',
    condition: 'C',
    data: [
      query('A'),
      query('X'),
      expression('B', { type: 'reduce', expression: 'A', reducer: 'max', settings: { mode: 'dropNN' } }),
      expression('C', { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'lt', params: [1] } }] }),
    ],
    dashboardUid: 'd',
    panelId: 1,
    noDataState: 'NoData',
    execErrState: 'Alerting',
    for: '0s',
    labels: {},
    annotations: {},
    isPaused: false,
  };
  const series = (values: (number | null)[]) => ({ series: [{ labels: { Relay: 'r' }, values }] });

  it('turns the condition into one state per series', () => {
    expect(evaluateRule(rule, { A: series([0, 0]), X: series([1]) })).toEqual([{ labels: { Relay: 'r' }, state: 'Alerting' }]);
    expect(evaluateRule(rule, { A: series([0, 1]), X: series([1]) })).toEqual([{ labels: { Relay: 'r' }, state: 'Normal' }]);
    expect(evaluateRule(rule, { A: series([null]), X: series([1]) })).toEqual([{ labels: { Relay: 'r' }, state: 'NoData' }]);
  });

  it('makes the whole rule NoData when any data source query returns nothing, even one the condition ignores', () => {
    expect(evaluateRule(rule, { A: series([0, 0]), X: 'no-data' })).toEqual([{ labels: {}, state: 'NoData' }]);
  });

  it("applies execErrState to an error on the condition's path", () => {
    expect(evaluateRule(rule, { A: { error: 'throttled' }, X: series([1]) })).toEqual([{ labels: {}, state: 'Alerting' }]);
  });

  it('refuses what it does not model instead of guessing', () => {
    const math = { ...rule, data: [query('A'), expression('C', { type: 'math', expression: 'A' })] };
    expect(() => evaluateRule(math, { A: series([1]) })).toThrow(/math is not modelled/);
    expect(() => evaluateRule({ ...rule, noDataState: 'KeepLast' }, { A: series([null]), X: series([1]) })).toThrow(/KeepLast/);
  });
});
