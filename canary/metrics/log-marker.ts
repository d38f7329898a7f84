/**
 * The words that start the log line carrying a failed run's verdict JSON. The emitter writes
 * `<marker> {"ok":false,"reason":...,"message":...}`; the dashboard's Logs Insights query filters on the same
 * constant, so the two cannot drift apart.
 */
export const VERDICT_LOG_MARKER = 'zooid-canary verdict';
