import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { beforeEach, describe, expect, it } from 'vitest';
import { GroupStore } from '../canary/relay/group-store.js';

const relayAdmin = generateSecretKey();
const creator = generateSecretKey();
const member = generateSecretKey();
const stranger = generateSecretKey();
const pk = getPublicKey;

function message(key: Uint8Array, group: string | null, content = 'hi') {
  return finalizeEvent({ kind: 9, created_at: 1_800_000_000, content, tags: group === null ? [] : [['h', group]] }, key);
}

let store: GroupStore;
beforeEach(() => {
  store = new GroupStore({ selfPubkey: pk(generateSecretKey()), adminPubkeys: new Set([pk(relayAdmin)]) });
  store.createGroup('closed', { closed: true }, pk(creator));
  store.addMember('closed', pk(member));
  store.createGroup('open', { closed: false }, pk(creator));
  store.createGroup('writers', { closed: false, writeRestricted: true }, pk(creator));
});

describe("the local relay's write path follows zooid's checks and words, in order", () => {
  it('refuses a wrong id, a bad signature, no auth, and someone else\'s event', () => {
    const event = message(member, 'closed');
    expect(store.refusalFor({ ...event, content: 'changed' }, pk(member))).toBe('invalid: id is computed incorrectly');
    expect(store.refusalFor({ ...event, sig: '00'.repeat(64) }, pk(member))).toBe('invalid: signature is invalid');
    expect(store.refusalFor(event, null)).toBe('auth-required: authentication is required for access');
    expect(store.refusalFor(event, pk(stranger))).toBe('restricted: you cannot publish events on behalf of others');
  });

  it('refuses unknown groups and non-members of closed groups', () => {
    expect(store.refusalFor(message(member, 'nope'), pk(member))).toBe('invalid: group not found');
    expect(store.refusalFor(message(stranger, 'closed'), pk(stranger))).toBe('restricted: you are not a member of that group');
    expect(store.refusalFor(message(stranger, 'writers'), pk(stranger))).toBe('restricted: this group only allows designated writers to post');
  });

  it('accepts members, and duplicates with OK true', () => {
    const event = message(member, 'closed');
    expect(store.refusalFor(event, pk(member))).toBeNull();
    expect(store.refusalFor(event, pk(member))).toBeNull();
    expect(store.events.get(event.id)).toEqual(event);
  });

  it('skips the membership check for open groups, relay admins and group creators: a canary there proves nothing', () => {
    expect(store.refusalFor(message(stranger, 'open'), pk(stranger))).toBeNull();
    expect(store.refusalFor(message(relayAdmin, 'closed'), pk(relayAdmin))).toBeNull();
    store.coldMembershipCache.add('closed');
    expect(store.refusalFor(message(creator, 'closed'), pk(creator))).toBeNull();
    expect(store.refusalFor(message(member, 'closed', 'cold'), pk(member))).toBe('restricted: you are not a member of that group');
  });

  it('accepts a kind 9 without an h tag as a plain note: why the probe must tag its message', () => {
    expect(store.refusalFor(message(stranger, null), pk(stranger))).toBeNull();
  });
});
