import { finalizeEvent, type VerifiedEvent } from 'nostr-tools/pure';
import { makeAuthEvent } from 'nostr-tools/nip42';

/** NIP-29 group chat message. */
export const GROUP_MESSAGE_KIND = 9;
const DELETION_KIND = 5;

/**
 * Signs events with the canary key. Kept as a closure so the key lives in one place and never travels inside
 * a config object that might get logged.
 */
export type Signer = (template: { kind: number; tags: string[][]; content: string; created_at: number }) => VerifiedEvent;

export function signerFor(secretKey: Uint8Array): Signer {
  return (template) => finalizeEvent(template, secretKey);
}

/** NIP-42 AUTH for this relay URL exactly as configured: zooid compares it with the URL it derives. */
export function signAuth(sign: Signer, relayUrl: string, challenge: string, nowSeconds: number): VerifiedEvent {
  return sign({ ...makeAuthEvent(relayUrl, challenge), created_at: nowSeconds });
}

/**
 * The kind-9 message a real member would post. Without the `h` tag zooid treats it as a plain note and
 * accepts it, so the tag is what makes this a test of group membership at all.
 */
export function signGroupMessage(sign: Signer, group: string, runId: string, startedAt: Date, ttlSeconds: number): VerifiedEvent {
  const createdAt = Math.floor(startedAt.getTime() / 1000);
  return sign({
    kind: GROUP_MESSAGE_KIND,
    // NIP-40: relays that honour `expiration` drop the message by themselves (the production fork does not).
    tags: [['h', group], ['expiration', String(createdAt + ttlSeconds)]],
    content: `zooid-canary synthetic check, run ${runId} at ${startedAt.toISOString()}: an automated message from the relay's monitoring canary; it can be ignored.`,
    created_at: createdAt,
  });
}

/** NIP-09 deletion of the canary's own message; the `h` tag routes it through the group like the message. */
export function signDeletion(sign: Signer, message: VerifiedEvent, group: string, nowSeconds: number): VerifiedEvent {
  return sign({
    kind: DELETION_KIND,
    tags: [['e', message.id], ['h', group]],
    content: 'zooid-canary: removing its own synthetic check message',
    created_at: nowSeconds,
  });
}
