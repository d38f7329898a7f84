import { finalizeEvent, type Event, type EventTemplate } from 'nostr-tools/pure';
import { GroupKind } from '../setup/group-kinds.js';
import type { Group, GroupStore, RelayIdentity } from './group-store.js';

const HEX_PUBKEY = /^[0-9a-f]{64}$/;

/** Kinds that change a group rather than post to it. */
export function isGroupManagement(event: Event): boolean {
  return event.kind === GroupKind.createGroup || event.kind === GroupKind.putUser || event.kind === GroupKind.removeUser;
}

/**
 * zooid's handling of create-group, put-user and remove-user: null after applying the change, else the refusal.
 * It runs instead of the write checks for group messages, since a create names a group that does not exist yet.
 */
export function applyGroupManagement(store: GroupStore, event: Event): string | null {
  const groupId = tagValue(event, 'h');
  if (groupId === undefined) return "invalid: group management events need an 'h' tag";
  if (event.kind === GroupKind.createGroup) {
    if (!isRelayAdmin(store.identity, event.pubkey)) return 'restricted: only admins can create groups';
    if (store.groups.has(groupId)) return 'invalid: that group already exists';
    store.createGroup(groupId, createSettings(event.content, groupId), event.pubkey);
    return null;
  }
  const group = store.groups.get(groupId);
  if (group === undefined) return 'invalid: group not found';
  if (!isRelayAdmin(store.identity, event.pubkey) && !group.admins.has(event.pubkey)) {
    return 'restricted: you are not authorized to manage groups';
  }
  const target = tagValue(event, 'p');
  if (target === undefined || !HEX_PUBKEY.test(target)) return "invalid: put-user and remove-user need a 'p' tag with a hex pubkey";
  if (event.kind === GroupKind.putUser) {
    store.addMember(groupId, target);
  } else {
    group.members.delete(target);
    group.admins.delete(target);
    group.writers.delete(target);
  }
  return null;
}

/**
 * The relay-signed metadata (kinds 39000-39002) of each group, as zooid publishes it after every change.
 * Derived from the groups when asked and re-signed only when a group changed, so it stays true however a
 * test changes a group (through events, createGroup/addMember, or its Sets directly), and the newer version
 * of an addressable event always has the later created_at.
 */
export class GroupMetadata {
  private readonly signed = new Map<string, { readonly fingerprint: string; readonly events: Event[] }>();

  current(groups: Iterable<Group>, identity: RelayIdentity, nowSeconds = Math.floor(Date.now() / 1000)): Event[] {
    const all: Event[] = [];
    for (const group of groups) {
      const templates = metadataTemplates(group);
      const fingerprint = JSON.stringify(templates);
      const previous = this.signed.get(group.id);
      if (previous?.fingerprint !== fingerprint) {
        const createdAt = Math.max(nowSeconds, (previous?.events[0]?.created_at ?? 0) + 1);
        const events = templates.map((template) => finalizeEvent({ ...template, created_at: createdAt }, identity.selfSecretKey));
        this.signed.set(group.id, { fingerprint, events });
      }
      all.push(...(this.signed.get(group.id)?.events ?? []));
    }
    return all;
  }
}

function metadataTemplates(group: Group): Omit<EventTemplate, 'created_at'>[] {
  const d = ['d', group.id];
  const flags = [...(group.closed ? [['closed']] : []), ...(group.hidden === true ? [['hidden']] : [])];
  return [
    { kind: GroupKind.metadata, tags: [d, ['name', group.name ?? group.id], ...flags], content: '' },
    { kind: GroupKind.admins, tags: [d, ...[...group.admins].sort().map((p) => ['p', p, 'admin'])], content: '' },
    { kind: GroupKind.members, tags: [d, ...[...group.members].sort().map((p) => ['p', p])], content: '' },
  ];
}

/** zooid's fork reads `{"name": ..., "closed": true}` from a create's content; anything else makes an open group. */
function createSettings(content: string, groupId: string): { closed: boolean; name: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    parsed = {};
  }
  const { name, closed } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { name?: unknown; closed?: unknown };
  return { closed: closed === true, name: typeof name === 'string' && name !== '' ? name : groupId };
}

/** Relay admins and the relay's own key may create groups and manage any group. */
function isRelayAdmin(identity: RelayIdentity, pubkey: string): boolean {
  return identity.adminPubkeys.has(pubkey) || pubkey === identity.selfPubkey;
}

function tagValue(event: Event, name: string): string | undefined {
  return event.tags.find((tag) => tag[0] === name)?.[1];
}
