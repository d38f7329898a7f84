import type { VerifiedEvent } from 'nostr-tools/pure';
import type { Signer } from '../core/canary-events.js';
import { GroupKind } from './group-kinds.js';

/**
 * NIP-29 create-group in the shape zooid's production fork reads: the name and `closed` in JSON content.
 * Always closed: only a closed group has its members checked on write, which is what the canary tests.
 */
export function signCreateGroup(sign: Signer, group: string, name: string, nowSeconds: number): VerifiedEvent {
  return sign({ kind: GroupKind.createGroup, tags: [['h', group]], content: JSON.stringify({ name, closed: true }), created_at: nowSeconds });
}

/** NIP-29 put-user: makes `pubkey` a plain member (no role), which is what a canary key must be. */
export function signPutUser(sign: Signer, group: string, pubkey: string, nowSeconds: number): VerifiedEvent {
  return sign({ kind: GroupKind.putUser, tags: [['h', group], ['p', pubkey]], content: '', created_at: nowSeconds });
}
