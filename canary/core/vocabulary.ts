/**
 * The fixed words of a probe run. Metrics, dashboards, alert rules, the CLI's JSON and the tests all import
 * these, so a value here is part of the public contract: renaming one silently breaks a panel or an alert.
 */

/** The steps of one run, in order. A failed verdict names the phase it stopped in. */
export const Phase = {
  /** TCP + TLS + WebSocket upgrade, until the socket is open. */
  connect: 'connect',
  /** NIP-42: from having the relay's challenge to the OK for the signed kind-22242 event. */
  auth: 'auth',
  /** From sending the kind-9 group message to the relay's OK for its id. */
  publish: 'publish',
  /** From the REQ for the accepted message to its EVENT (before EOSE). */
  readback: 'readback',
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];
export const PHASES: readonly Phase[] = Object.values(Phase);

/** Why a run failed. Used as the `Reason` metric dimension and alert label, so keep the set small and fixed. */
export const FailureReason = {
  /** The canary's own settings are unusable (URL, group, key, timeout): fix the canary, not the relay. */
  config: 'config',
  /** No WebSocket: refused, DNS, TLS, or an HTTP answer instead of an upgrade. */
  connect: 'connect',
  /** The relay refused the NIP-42 AUTH, or still demanded auth after it. */
  auth: 'auth',
  /** The relay answered the group message with OK false: its words say why (e.g. `restricted: ...`). */
  rejected: 'rejected',
  /** The run's deadline passed before the relay answered. */
  timeout: 'timeout',
  /** The relay closed the connection before answering. */
  closed: 'closed',
  /** The relay broke the protocol (malformed OK for our event, an oversized or invalid frame). */
  protocol: 'protocol',
  /** The relay accepted the message but did not return it to a REQ (EOSE without it, CLOSED, or the deadline). */
  readback: 'readback',
  /** The relay's TLS certificate expires within the configured floor (default 7 days). */
  tls: 'tls',
  /**
   * Secrets Manager would not hand over the canary key (not found, access denied, KMS, throttled, unreachable):
   * the relay was never contacted. A value that arrives but is not a key is `config`.
   */
  secret: 'secret',
} as const;
export type FailureReason = (typeof FailureReason)[keyof typeof FailureReason];
export const FAILURE_REASONS: readonly FailureReason[] = Object.values(FailureReason);
