/**
 * The words that start the log line carrying a verdict's JSON. The Synthetics handler writes one
 * `<marker> {"ok":...,"reason":...,"message":...}` per relay × group target on every run, passes included; the
 * dashboard's Logs Insights query filters on the same constant (and keeps the failures), so the two cannot
 * drift apart.
 */
export const VERDICT_LOG_MARKER = 'zooid-canary verdict';
