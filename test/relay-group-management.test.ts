import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent, type Event } from 'nostr-tools/pure';
import { afterEach, describe, expect, it } from 'vitest';
import { signerFor } from '../canary/core/canary-events.js';
import { authenticate } from '../canary/core/nip42-auth.js';
import { RelaySession } from '../canary/core/relay-session.js';
import { GroupStore } from '../canary/relay/group-store.js';
import { startLocalRelay, type LocalRelay } from '../canary/relay/local-relay.js';
import { GroupKind } from '../canary/setup/group-kinds.js';

const relaySelf = generateSecretKey();
const relayAdmin = generateSecretKey();
const canary = generateSecretKey();
const stranger = generateSecretKey();
const pk = getPublicKey;
let now = 1_800_000_000;

function signed(key: Uint8Array, kind: number, tags: string[][], content = '') {
  return finalizeEvent({ kind, tags, content, created_at: now++ }, key);
}
const create = (key: Uint8Array, group: string, content = '{"name":"canary","closed":true}') => signed(key, GroupKind.createGroup, [['h', group]], content);
const putUser = (key: Uint8Array, group: string, member: string) => signed(key, GroupKind.putUser, [['h', group], ['p', member]]);
const removeUser = (key: Uint8Array, group: string, member: string) => signed(key, GroupKind.removeUser, [['h', group], ['p', member]]);

function newStore() {
  return new GroupStore({ selfSecretKey: relaySelf, selfPubkey: pk(relaySelf), adminPubkeys: new Set([pk(relayAdmin)]) });
}

/** The current metadata event of one kind for a group, as a REQ would return it. */
function metadata(store: GroupStore, kind: number, group: string): Event | undefined {
  return store.query([{ kinds: [kind], '#d': [group] }])[0];
}
const pTags = (event: Event | undefined) => (event?.tags ?? []).filter((t) => t[0] === 'p').map((t) => t[1]);

describe('group management on the local relay, with zooid\'s words', () => {
  it('lets a relay admin create a closed group, and refuses a second create and non-admins', () => {
    const store = newStore();
    expect(store.refusalFor(create(stranger, 'g'), pk(stranger))).toBe('restricted: only admins can create groups');
    expect(store.groups.has('g')).toBe(false);
    expect(store.refusalFor(create(relayAdmin, 'g'), pk(relayAdmin))).toBeNull();
    expect(store.groups.get('g')).toMatchObject({ closed: true, name: 'canary' });
    expect(store.refusalFor(create(relayAdmin, 'g'), pk(relayAdmin))).toBe('invalid: that group already exists');
  });

  it('makes an open group from a create without {"closed": true}, as the fork does', () => {
    const store = newStore();
    expect(store.refusalFor(create(relayAdmin, 'open', ''), pk(relayAdmin))).toBeNull();
    expect(store.groups.get('open')).toMatchObject({ closed: false, name: 'open' });
  });

  it('lets relay admins and group admins put and remove users, and nobody else', () => {
    const store = newStore();
    store.refusalFor(create(relayAdmin, 'g'), pk(relayAdmin));
    expect(store.refusalFor(putUser(stranger, 'g', pk(stranger)), pk(stranger))).toBe('restricted: you are not authorized to manage groups');
    expect(store.refusalFor(putUser(relayAdmin, 'nope', pk(canary)), pk(relayAdmin))).toBe('invalid: group not found');
    expect(store.refusalFor(putUser(relayAdmin, 'g', pk(canary)), pk(relayAdmin))).toBeNull();
    expect(store.groups.get('g')?.members.has(pk(canary))).toBe(true);
    // A plain member may not manage the group either.
    expect(store.refusalFor(putUser(canary, 'g', pk(stranger)), pk(canary))).toBe('restricted: you are not authorized to manage groups');

    const groupAdmin = generateSecretKey();
    store.createGroup('theirs', { closed: true }, pk(groupAdmin));
    expect(store.refusalFor(putUser(groupAdmin, 'theirs', pk(canary)), pk(groupAdmin))).toBeNull();
    expect(store.refusalFor(removeUser(groupAdmin, 'theirs', pk(canary)), pk(groupAdmin))).toBeNull();
    expect(store.groups.get('theirs')?.members.has(pk(canary))).toBe(false);
  });

  it('refuses put-user without a hex p tag', () => {
    const store = newStore();
    store.createGroup('g', { closed: true }, pk(relayAdmin));
    const noTarget = signed(relayAdmin, GroupKind.putUser, [['h', 'g']]);
    expect(store.refusalFor(noTarget, pk(relayAdmin))).toMatch(/^invalid: /);
  });

  it('publishes relay-signed metadata that follows every change, one current version per kind and group', () => {
    const store = newStore();
    store.refusalFor(create(relayAdmin, 'g'), pk(relayAdmin));
    const first = metadata(store, GroupKind.metadata, 'g');
    expect(first?.pubkey).toBe(pk(relaySelf));
    expect(verifyEvent(first as Event)).toBe(true);
    expect(first?.tags).toEqual(expect.arrayContaining([['d', 'g'], ['name', 'canary'], ['closed']]));
    expect(pTags(metadata(store, GroupKind.admins, 'g'))).toEqual([pk(relayAdmin)]);
    expect(pTags(metadata(store, GroupKind.members, 'g'))).toEqual([pk(relayAdmin)]);

    store.refusalFor(putUser(relayAdmin, 'g', pk(canary)), pk(relayAdmin));
    const members = store.query([{ kinds: [GroupKind.members], '#d': ['g'] }]);
    expect(members).toHaveLength(1);
    expect(pTags(members[0])).toEqual([pk(relayAdmin), pk(canary)].sort());
    expect(members[0]?.created_at).toBeGreaterThan(first?.created_at ?? Infinity);

    store.refusalFor(removeUser(relayAdmin, 'g', pk(canary)), pk(relayAdmin));
    expect(pTags(metadata(store, GroupKind.members, 'g'))).toEqual([pk(relayAdmin)]);
  });

  it('keeps metadata true for groups made with createGroup/addMember, and drops it with the group', () => {
    const store = newStore();
    store.createGroup('open', { closed: false }, pk(relayAdmin));
    store.addMember('open', pk(canary));
    expect(metadata(store, GroupKind.metadata, 'open')?.tags).not.toContainEqual(['closed']);
    expect(pTags(metadata(store, GroupKind.members, 'open'))).toContain(pk(canary));
    store.groups.delete('open');
    expect(metadata(store, GroupKind.metadata, 'open')).toBeUndefined();
  });

  it('stores management events like any other, and metadata apart from the stored messages', () => {
    const store = newStore();
    const event = create(relayAdmin, 'g');
    store.refusalFor(event, pk(relayAdmin));
    expect([...store.events.keys()]).toEqual([event.id]);
  });
});

describe('the local relay over HTTP and WebSocket', () => {
  let relay: LocalRelay | undefined;
  afterEach(async () => {
    await relay?.close();
    relay = undefined;
  });

  const nip11 = (accept = 'application/nostr+json') => fetch(`http://127.0.0.1:${relay?.port}/`, { headers: { accept }, signal: AbortSignal.timeout(2_000) });

  it('serves its NIP-11 document for Accept: application/nostr+json, and 404 otherwise', async () => {
    relay = await startLocalRelay();
    const response = await nip11();
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const document = await response.json();
    expect(document).toMatchObject({ self: relay.store.identity.selfPubkey, supported_nips: expect.arrayContaining([11, 29, 42]) });
    expect(typeof document.software).toBe('string');
    expect((await nip11('text/html')).status).toBe(404);
  });

  it('hides or breaks the document on the nip11 fault', async () => {
    relay = await startLocalRelay({ faults: { nip11: 'missing' } });
    expect((await nip11()).status).toBe(404);
    relay.faults = { nip11: 'broken' };
    const broken = await nip11();
    expect(broken.status).toBe(200);
    await expect(broken.clone().json()).rejects.toThrow();
  });

  it('creates a group and adds a member over a real socket, and serves the metadata to an authenticated REQ', async () => {
    relay = await startLocalRelay({ adminPubkeys: [pk(relayAdmin)] });
    const session = new RelaySession(relay.url, { maxFrameBytes: 1 << 20, closeGraceMs: 500 });
    try {
      await session.whenOpen();
      const challenge = await session.challengeWithin(1_000);
      await authenticate(session, signerFor(relayAdmin), challenge ?? '', Math.floor(Date.now() / 1000));
      expect(await session.request('EVENT', create(relayAdmin, 'sock'))).toEqual({ accepted: true, message: '' });
      expect(await session.request('EVENT', putUser(relayAdmin, 'sock', pk(canary)))).toEqual({ accepted: true, message: '' });
      const answer = await session.query('meta', [{ kinds: [GroupKind.metadata, GroupKind.admins, GroupKind.members], '#d': ['sock'] }]);
      expect(answer.closedWith).toBeNull();
      const byKind = new Map((answer.events as Event[]).map((e) => [e.kind, e]));
      expect(byKind.get(GroupKind.metadata)?.tags).toContainEqual(['closed']);
      expect(pTags(byKind.get(GroupKind.members))).toContain(pk(canary));
      expect(pTags(byKind.get(GroupKind.admins))).not.toContain(pk(canary));
    } finally {
      await session.close();
    }
  });
});
