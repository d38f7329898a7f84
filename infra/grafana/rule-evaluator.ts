/**
 * A small model of how Grafana evaluates one provisioned alert rule (pkg/expr reduce and threshold, and the
 * no-data / error handling of pkg/services/ngalert/eval), applied to the rule exactly as the generated file
 * states it. Tests feed it sample series so the rules' logic is checked, not their spelling.
 *
 * Modelled: reduce (last, min, max, mean, sum, count; strict, dropNN and replaceNN modes), threshold (every
 * evaluator type), a data source query that returns nothing (the whole rule is NoData) or errors (Error), and the
 * rule's noDataState / execErrState. Anything else throws, so a rule using an expression this model does not know
 * fails its tests instead of passing them untested.
 */
import type { ProvisionedQuery, ProvisionedRule } from './alert-rule-file.js';

export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  /** Oldest first; null is a missing point. */
  readonly values: readonly (number | null)[];
}

/** What one data source query returned. `no-data` is no series at all. */
export type QueryResult = { readonly series: readonly Series[] } | 'no-data' | { readonly error: string };

export type AlertState = 'Normal' | 'Alerting' | 'NoData' | 'Error';

export interface InstanceResult {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: AlertState;
}

interface NumberResult {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number | null;
}

const EXPRESSION_UID = '__expr__';

const isNumber = (v: number | null): v is number => v !== null && Number.isFinite(v);

function strictReduce(reducer: string, values: readonly (number | null)[]): number | null {
  const poisoned = values.some((v) => v === null || Number.isNaN(v));
  switch (reducer) {
    case 'count':
      return values.length;
    case 'last':
      return values.length === 0 ? NaN : (values[values.length - 1] ?? null);
    case 'sum':
      return poisoned ? NaN : (values as number[]).reduce((a, b) => a + b, 0);
    case 'mean':
      return poisoned ? NaN : (values as number[]).reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return values.length === 0 || poisoned ? NaN : Math.min(...(values as number[]));
    case 'max':
      return values.length === 0 || poisoned ? NaN : Math.max(...(values as number[]));
    default:
      throw new Error(`reducer ${reducer} is not modelled`);
  }
}

/** Grafana's Series.Reduce with its optional non-number mapper. */
export function reduce(
  reducer: string,
  values: readonly (number | null)[],
  settings?: { readonly mode: string; readonly replaceWithValue?: number },
): number | null {
  if (settings === undefined) return strictReduce(reducer, values);
  if (settings.mode === 'dropNN') {
    const result = strictReduce(reducer, values.filter(isNumber));
    return result !== null && Number.isNaN(result) ? null : result;
  }
  if (settings.mode === 'replaceNN') {
    const replacement = settings.replaceWithValue ?? 0;
    const result = strictReduce(reducer, values.map((v) => (isNumber(v) ? v : replacement)));
    return result !== null && Number.isNaN(result) ? replacement : result;
  }
  throw new Error(`reduce mode ${settings.mode} is not modelled`);
}

const PREDICATES: Readonly<Record<string, (v: number, p: readonly number[]) => boolean>> = {
  gt: (v, [a = NaN]) => v > a,
  lt: (v, [a = NaN]) => v < a,
  eq: (v, [a = NaN]) => v === a,
  ne: (v, [a = NaN]) => v !== a,
  gte: (v, [a = NaN]) => v >= a,
  lte: (v, [a = NaN]) => v <= a,
  within_range: (v, [a = NaN, b = NaN]) => v > a && v < b,
  outside_range: (v, [a = NaN, b = NaN]) => v < a || v > b,
  within_range_included: (v, [a = NaN, b = NaN]) => v >= a && v <= b,
  outside_range_included: (v, [a = NaN, b = NaN]) => v <= a || v >= b,
};

/** Grafana's threshold: 1 when the predicate holds, 0 when not (NaN never holds), null stays null. */
export function threshold(type: string, params: readonly number[], value: number | null): number | null {
  const predicate = PREDICATES[type];
  if (predicate === undefined) throw new Error(`threshold ${type} is not modelled`);
  if (value === null) return null;
  return predicate(value, params) ? 1 : 0;
}

function byRefId(rule: ProvisionedRule, refId: string): ProvisionedQuery {
  const query = rule.data.find((q) => q.refId === refId);
  if (query === undefined) throw new Error(`rule ${rule.uid} has no query ${refId}`);
  return query;
}

function dependencies(rule: ProvisionedRule, refId: string): string[] {
  const query = byRefId(rule, refId);
  if (query.datasourceUid !== EXPRESSION_UID) return [refId];
  const input = query.model['expression'];
  if (typeof input !== 'string') throw new Error(`expression ${refId} has no input`);
  return [refId, ...dependencies(rule, input)];
}

function evaluateNode(rule: ProvisionedRule, refId: string, results: Readonly<Record<string, QueryResult>>): NumberResult[] | Series[] {
  const query = byRefId(rule, refId);
  if (query.datasourceUid !== EXPRESSION_UID) {
    const result = results[refId];
    if (result === undefined || typeof result === 'string' || 'error' in result) {
      throw new Error(`query ${refId} has no series to evaluate`);
    }
    return [...result.series];
  }
  const model = query.model as {
    type: string;
    expression: string;
    reducer?: string;
    settings?: { mode: string; replaceWithValue?: number };
    conditions?: { evaluator: { type: string; params: number[] } }[];
  };
  const input = evaluateNode(rule, model.expression, results);
  switch (model.type) {
    case 'reduce':
      return (input as Series[]).map((s) => ({ labels: s.labels, value: reduce(model.reducer ?? '', s.values, model.settings) }));
    case 'threshold': {
      const [condition, ...more] = model.conditions ?? [];
      if (condition === undefined || more.length > 0) throw new Error('a threshold takes exactly one condition');
      return (input as NumberResult[]).map((n) => ({
        labels: n.labels,
        value: threshold(condition.evaluator.type, condition.evaluator.params, n.value),
      }));
    }
    default:
      throw new Error(`expression type ${model.type} is not modelled`);
  }
}

function noDataState(rule: ProvisionedRule): AlertState {
  switch (rule.noDataState) {
    case 'Alerting':
      return 'Alerting';
    case 'OK':
      return 'Normal';
    case 'NoData':
      return 'NoData';
    default:
      throw new Error(`noDataState ${rule.noDataState} is not modelled`);
  }
}

function execErrState(rule: ProvisionedRule): AlertState {
  switch (rule.execErrState) {
    case 'Alerting':
      return 'Alerting';
    case 'OK':
      return 'Normal';
    case 'Error':
      return 'Error';
    default:
      throw new Error(`execErrState ${rule.execErrState} is not modelled`);
  }
}

/**
 * The rule's alert instances for one evaluation, given what each of its data source queries returned.
 * As in Grafana: an error on the condition's path is an Error; any data source query with no data at all makes
 * the whole rule NoData (even one the condition does not read); an instance whose value is null is NoData.
 */
export function evaluateRule(rule: ProvisionedRule, results: Readonly<Record<string, QueryResult>>): InstanceResult[] {
  const dataSourceQueries = rule.data.filter((q) => q.datasourceUid !== EXPRESSION_UID).map((q) => q.refId);
  for (const refId of dataSourceQueries) {
    if (results[refId] === undefined) throw new Error(`no sample result for query ${refId}`);
  }
  if (dependencies(rule, rule.condition).some((refId) => {
    const result = results[refId];
    return result !== undefined && typeof result !== 'string' && 'error' in result;
  })) {
    return [{ labels: {}, state: execErrState(rule) }];
  }
  if (dataSourceQueries.some((refId) => results[refId] === 'no-data')) {
    return [{ labels: {}, state: noDataState(rule) }];
  }
  const condition = evaluateNode(rule, rule.condition, results) as NumberResult[];
  if (condition.length === 0) return [{ labels: {}, state: noDataState(rule) }];
  return condition.map(({ labels, value }) => ({
    labels,
    state: value === null ? noDataState(rule) : value === 0 ? 'Normal' : 'Alerting',
  }));
}
