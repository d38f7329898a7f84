import { getPublicKey } from 'nostr-tools/pure';
import { signerFor } from '../core/canary-events.js';
import { ProbeFailure } from '../core/verdict.js';
import { withAuthenticatedSession } from './authed-session.js';
import type { RelayTarget } from '../cli/command-input.js';
import { GroupKind } from './group-kinds.js';
import { fetchRelayDocument, type RelayDocumentFact } from './relay-document.js';

/** A group metadata event as read, reduced to what the checks look at. */
export interface MetadataEvent {
  readonly kind: number;
  readonly pubkey: string;
  readonly created_at: number;
  readonly tags: readonly (readonly string[])[];
}

/** What the canary's key sees of the relay over an authenticated WebSocket. */
export type RelayReading =
  | { readonly outcome: 'read'; readonly metadata: readonly MetadataEvent[] }
  /** The relay refused the canary's AUTH, in its words. */
  | { readonly outcome: 'auth-refused'; readonly problem: string }
  /** No session or no answer: connect, timeout, close. */
  | { readonly outcome: 'unreachable'; readonly problem: string }
  /** AUTH worked but the REQ for the metadata ended with CLOSED. */
  | { readonly outcome: 'read-refused'; readonly problem: string };

/** Everything the doctor's checks judge, gathered once; the checks themselves are pure. */
export interface DoctorFacts {
  readonly relayUrl: string;
  readonly group: string;
  readonly canaryPubkey: string;
  readonly relayDocument: RelayDocumentFact;
  readonly reading: RelayReading;
}

/** Fetches the NIP-11 document and, as the canary, the group's metadata, side by side within the deadline. */
export async function gatherDoctorFacts(target: RelayTarget, canaryKey: Uint8Array): Promise<DoctorFacts> {
  const [relayDocument, reading] = await Promise.all([
    fetchRelayDocument(target.relayUrl, target.timeoutMs),
    readGroupMetadata(target, canaryKey),
  ]);
  return { relayUrl: target.relayUrl, group: target.group, canaryPubkey: getPublicKey(canaryKey), relayDocument, reading };
}

async function readGroupMetadata(target: RelayTarget, canaryKey: Uint8Array): Promise<RelayReading> {
  try {
    const answer = await withAuthenticatedSession(target.relayUrl, signerFor(canaryKey), target.timeoutMs, {
      doing: `reading group "${target.group}"'s metadata (REQ for kinds 39000-39002)`,
      run: (session) =>
        session.query('zooid-canary-doctor', [{ kinds: [GroupKind.metadata, GroupKind.admins, GroupKind.members], '#d': [target.group] }]),
    });
    if (answer.closedWith !== null) return { outcome: 'read-refused', problem: answer.closedWith };
    return { outcome: 'read', metadata: answer.events.filter(isMetadataEvent) };
  } catch (error) {
    if (!(error instanceof ProbeFailure)) throw error;
    return { outcome: error.reason === 'auth' ? 'auth-refused' : 'unreachable', problem: error.message };
  }
}

function isMetadataEvent(value: unknown): value is MetadataEvent {
  const event = value as Partial<MetadataEvent> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof event.kind === 'number' &&
    typeof event.pubkey === 'string' &&
    typeof event.created_at === 'number' &&
    Array.isArray(event.tags) &&
    event.tags.every((tag) => Array.isArray(tag) && tag.every((part) => typeof part === 'string'))
  );
}
