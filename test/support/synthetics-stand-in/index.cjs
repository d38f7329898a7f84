'use strict';
/**
 * Stand-in for `@aws/synthetics-playwright`, which only the Synthetics runtime provides. It implements what the
 * canary handler calls (executeStep, with the real one's contract: run the function, mark the step passed or
 * failed, resolve with its result or rethrow its error) and records every member the handler touches, so a
 * test can assert the handler needs nothing else. Touching anything else throws.
 */
const record = { steps: [], touched: [] };

const implemented = {
  async executeStep(stepName, functionToExecute) {
    const step = { name: stepName, passed: false, error: null, durationMs: 0 };
    record.steps.push(step);
    const started = performance.now();
    try {
      const result = await functionToExecute();
      step.passed = true;
      return result;
    } catch (error) {
      step.error = error;
      throw error;
    } finally {
      step.durationMs = performance.now() - started;
    }
  },
};

const synthetics = new Proxy(implemented, {
  get(target, member) {
    record.touched.push(String(member));
    if (!Object.hasOwn(target, member)) throw new Error(`synthetics stand-in: synthetics.${String(member)} is not implemented`);
    return target[member];
  },
});

module.exports = { synthetics, standInRecord: record };
