import type { VerifiedEvent } from 'nostr-tools/pure';
import { messagePrefix } from './relay-message.js';
import type { RelaySession } from './relay-session.js';
import { ProbeFailure } from './verdict.js';

/**
 * Asks for the accepted message by id on the same authenticated connection. zooid sends OK only after its
 * database commit, so a healthy relay always has it; and it drops what a reader may not see without a word,
 * so a read problem shows as EOSE with nothing before it, not as CLOSED.
 */
export async function readBack(session: RelaySession, message: VerifiedEvent, group: string, subscription: string): Promise<void> {
  const answer = await session.query(subscription, [{ ids: [message.id], kinds: [message.kind], '#h': [group] }]);
  if (answer.closedWith !== null) {
    throw new ProbeFailure('readback', answer.closedWith === '' ? 'relay ended the read-back with CLOSED and no reason' : answer.closedWith, messagePrefix(answer.closedWith));
  }
  if (!answer.events.some((event) => isEventWithId(event, message.id))) {
    throw new ProbeFailure(
      'readback',
      `relay accepted ${message.id} but a REQ for it ended (EOSE) without it: the message was stored but cannot be read back by its author`,
    );
  }
}

function isEventWithId(event: unknown, id: string): boolean {
  return typeof event === 'object' && event !== null && (event as { id?: unknown }).id === id;
}
