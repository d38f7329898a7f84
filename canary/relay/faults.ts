/**
 * Switches that make the local relay misbehave the ways a real one can. Tests flip them on a running relay;
 * every field is off by default.
 */
export interface RelayFaults {
  /** Send no AUTH challenge on connect (it is still sent just before an `auth-required:` answer). */
  noChallenge?: boolean;
  /** Refuse every AUTH with `error: failed to authenticate: <this>`. */
  refuseAuth?: string;
  /** Never answer: `auth` drops AUTH OKs, `event` drops EVENT OKs, `all` also sends no challenge. */
  silent?: 'auth' | 'event' | 'all';
  /** On an EVENT, end the connection without answering: a close frame with this code and reason, or `drop` (TCP reset). */
  closeOnEvent?: { readonly code: number; readonly reason: string } | 'drop';
  /** Before an EVENT's OK: OKs for other ids, a NOTICE, a foreign EVENT and a CLOSED. */
  noiseBeforeOk?: boolean;
  /** Before an EVENT's OK: text that is not JSON, a binary frame, JSON that is not NIP-01. */
  garbageBeforeOk?: boolean;
  /** Before an EVENT's OK: one text frame of this many bytes. */
  oversizedFrameBytes?: number;
  /** Answer the EVENT with an OK whose `accepted` is not a boolean. */
  malformedOk?: boolean;
  /** Delay every answer by this many ms. */
  answerDelayMs?: number;
  /**
   * Handle AUTH this much later than the messages behind it, as khatru's per-message goroutines can:
   * a client that pipelines EVENT behind AUTH then gets `auth-required`.
   */
  authProcessingDelayMs?: number;
  /**
   * How REQ read-backs go wrong: `missing` answers EOSE without the event (zooid's silent drop), `silent`
   * never answers, `{ closed }` ends the subscription with CLOSED and these words.
   */
  readback?: 'missing' | 'silent' | { readonly closed: string };
  /** The NIP-11 document over HTTP: `missing` answers 404, `broken` answers 200 with a body that is not JSON. */
  nip11?: 'missing' | 'broken';
}
