/**
 * The slice of the CloudWatch Synthetics Playwright runtime's own library that the handler uses. The runtime
 * provides the module (it is kept out of the bundle); declaring only what we call keeps the handler from
 * growing a dependency on the rest of it unnoticed, and the tests' stand-in implements exactly this.
 */
declare module '@aws/synthetics-playwright' {
  export const synthetics: {
    /**
     * Runs one named step: logs its start and end, records it in the run report and publishes the step's
     * SuccessPercent and Duration metrics. Resolves with the function's result; rethrows its error after
     * marking the step failed.
     */
    executeStep<T>(stepName: string, functionToExecute: () => Promise<T>): Promise<T>;
  };
}
