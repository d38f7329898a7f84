import { getEventHash, type Event } from 'nostr-tools/pure';
import { hasValidSignature } from './signature.js';

export interface GroupSettings {
  /** `closed` groups check membership on write; open ones do not (zooid skips the check). */
  readonly closed: boolean;
  /** Only members listed as writers may post. */
  readonly writeRestricted?: boolean;
  /** Hidden groups are "not found" for anyone who cannot see them (here: non-members). */
  readonly hidden?: boolean;
}

export interface Group extends GroupSettings {
  readonly id: string;
  readonly members: Set<string>;
  /** Group admins; the creator is one. */
  readonly admins: Set<string>;
  readonly writers: Set<string>;
}

export interface RelayIdentity {
  /** The relay's own key (NIP-11 `self`). */
  readonly selfPubkey: string;
  /** Relay admins: the membership check is skipped for them. */
  readonly adminPubkeys: ReadonlySet<string>;
}

/** Groups and stored events of the local relay, and zooid's write-path checks in zooid's order. */
export class GroupStore {
  readonly groups = new Map<string, Group>();
  readonly events = new Map<string, Event>();
  readonly bannedIds = new Set<string>();
  /**
   * Simulates the 2026 regression: the membership cache came up half-loaded, so IsMember says no for these
   * groups even for real members.
   */
  readonly coldMembershipCache = new Set<string>();

  constructor(readonly identity: RelayIdentity) {}

  createGroup(id: string, settings: GroupSettings, creator: string): Group {
    const group: Group = { id, ...settings, members: new Set([creator]), admins: new Set([creator]), writers: new Set() };
    this.groups.set(id, group);
    return group;
  }

  addMember(groupId: string, pubkey: string): void {
    const group = this.groups.get(groupId);
    if (group === undefined) throw new Error(`no group ${groupId}`);
    group.members.add(pubkey);
  }

  /** The OK message for an EVENT: null to accept, else zooid's exact refusal. */
  refusalFor(event: Event, authenticated: string | null): string | null {
    if (getEventHash(event) !== event.id) return 'invalid: id is computed incorrectly';
    if (!hasValidSignature(event)) return 'invalid: signature is invalid';
    if (authenticated === null) return 'auth-required: authentication is required for access';
    if (event.pubkey !== authenticated) return 'restricted: you cannot publish events on behalf of others';
    if (this.events.has(event.id)) return null;
    const groupId = event.tags.find((tag) => tag[0] === 'h')?.[1];
    // A kind 9 without an `h` tag is not a group event: zooid stores it like any note.
    if (groupId === undefined) return this.store(event);
    const group = this.groups.get(groupId);
    if (group === undefined || (group.hidden === true && !this.isMember(group, event.pubkey))) return 'invalid: group not found';
    if (group.closed && !this.skipsMembershipCheck(group, event.pubkey) && !this.isMember(group, event.pubkey)) {
      return 'restricted: you are not a member of that group';
    }
    if (group.writeRestricted === true && !group.writers.has(event.pubkey) && !group.admins.has(event.pubkey)) {
      return 'restricted: this group only allows designated writers to post';
    }
    if (this.bannedIds.has(event.id)) return 'restricted: this event has been banned from this relay';
    return this.store(event);
  }

  private isMember(group: Group, pubkey: string): boolean {
    return !this.coldMembershipCache.has(group.id) && group.members.has(pubkey);
  }

  private skipsMembershipCheck(group: Group, pubkey: string): boolean {
    return this.identity.adminPubkeys.has(pubkey) || group.admins.has(pubkey) || pubkey === this.identity.selfPubkey;
  }

  private store(event: Event): null {
    this.events.set(event.id, event);
    return null;
  }
}
