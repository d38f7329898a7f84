import { verifyEvent, type Event } from 'nostr-tools/pure';

/**
 * Checks the signature afresh. nostr-tools caches a passed check on the event object under a symbol that
 * object spread copies, so a tampered copy of a verified event would otherwise pass.
 */
export function hasValidSignature(event: Event): boolean {
  const { id, pubkey, created_at, kind, tags, content, sig } = event;
  return verifyEvent({ id, pubkey, created_at, kind, tags, content, sig });
}
