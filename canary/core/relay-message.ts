/**
 * Relay-to-client frames the probe cares about, parsed strictly. Anything else is `ignored`: relays send
 * NOTICEs, other subscriptions' events and plain junk, none of which may fail a run on its own.
 */
export type RelayMessage =
  | { readonly type: 'AUTH'; readonly challenge: string }
  | { readonly type: 'OK'; readonly id: string; readonly accepted: boolean; readonly message: string }
  /** An OK naming an event id but not shaped as NIP-01 says (accepted not a boolean, ...). */
  | { readonly type: 'MALFORMED_OK'; readonly id: string; readonly raw: string }
  | { readonly type: 'NOTICE'; readonly message: string }
  /** An event for a subscription; its shape is checked by whoever asked for it. */
  | { readonly type: 'EVENT'; readonly subscription: string; readonly event: unknown }
  | { readonly type: 'EOSE'; readonly subscription: string }
  | { readonly type: 'CLOSED'; readonly subscription: string; readonly message: string }
  | { readonly type: 'ignored' };

const IGNORED: RelayMessage = { type: 'ignored' };
/** Long enough for any relay sentence; keeps a hostile frame from ballooning our logs. */
const MAX_QUOTED_CHARS = 300;

export function parseRelayMessage(text: string): RelayMessage {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return IGNORED;
  }
  if (!Array.isArray(frame) || typeof frame[0] !== 'string') return IGNORED;
  switch (frame[0]) {
    case 'AUTH':
      return typeof frame[1] === 'string' ? { type: 'AUTH', challenge: frame[1] } : IGNORED;
    case 'OK': {
      const [, id, accepted, message] = frame;
      if (typeof id !== 'string') return IGNORED;
      if (typeof accepted !== 'boolean' || (message !== undefined && typeof message !== 'string')) {
        return { type: 'MALFORMED_OK', id, raw: quote(text) };
      }
      return { type: 'OK', id, accepted, message: message ?? '' };
    }
    case 'NOTICE':
      return typeof frame[1] === 'string' ? { type: 'NOTICE', message: quote(frame[1]) } : IGNORED;
    case 'EVENT':
      return typeof frame[1] === 'string' && frame.length >= 3 ? { type: 'EVENT', subscription: frame[1], event: frame[2] } : IGNORED;
    case 'EOSE':
      return typeof frame[1] === 'string' ? { type: 'EOSE', subscription: frame[1] } : IGNORED;
    case 'CLOSED':
      return typeof frame[1] === 'string' ? { type: 'CLOSED', subscription: frame[1], message: quote(String(frame[2] ?? '')) } : IGNORED;
    default:
      return IGNORED;
  }
}

/** The machine-readable part of an OK or CLOSED message: `restricted` in `restricted: you are not ...`. */
export function messagePrefix(message: string): string | null {
  const match = /^([a-z-]+):/.exec(message);
  return match?.[1] ?? null;
}

export function quote(text: string): string {
  return text.length <= MAX_QUOTED_CHARS ? text : `${text.slice(0, MAX_QUOTED_CHARS)}… (${text.length} chars)`;
}
