import { matchFilters, type Filter } from 'nostr-tools/filter';
import { getEventHash, type Event } from 'nostr-tools/pure';
import { applyGroupManagement, GroupMetadata, isGroupManagement } from './group-management.js';
import { hasValidSignature } from './signature.js';

const DELETION_KIND = 5;

export interface GroupSettings {
  /** `closed` groups check membership on write; open ones do not (zooid skips the check). */
  readonly closed: boolean;
  /** Only members listed as writers may post. */
  readonly writeRestricted?: boolean;
  /** Hidden groups are "not found" for anyone who cannot see them (here: non-members). */
  readonly hidden?: boolean;
  /** Shown in the group's metadata (kind 39000). Default: the group id. */
  readonly name?: string;
}

export interface Group extends GroupSettings {
  readonly id: string;
  readonly members: Set<string>;
  /** Group admins; the creator is one. */
  readonly admins: Set<string>;
  readonly writers: Set<string>;
}

export interface RelayIdentity {
  /** The relay's own key, which signs group metadata (kinds 39000-39002). */
  readonly selfSecretKey: Uint8Array;
  /** Its public key (NIP-11 `self`). */
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
  private readonly metadata = new GroupMetadata();

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
    const refusal = isGroupManagement(event) ? applyGroupManagement(this, event) : this.groupRefusal(event);
    if (refusal !== null) return refusal;
    if (event.kind === DELETION_KIND) this.deleteReferenced(event);
    this.events.set(event.id, event);
    return null;
  }

  /** Stored events and the groups' current metadata matching any of the filters, newest first, as a REQ answers before EOSE. */
  query(filters: readonly Filter[]): Event[] {
    const candidates = [...this.events.values(), ...this.metadata.current(this.groups.values(), this.identity)];
    const matches = candidates.filter((event) => matchFilters(filters as Filter[], event));
    const limit = Math.min(...filters.map((filter) => filter.limit ?? Number.POSITIVE_INFINITY));
    return matches.sort((a, b) => b.created_at - a.created_at).slice(0, limit);
  }

  /** zooid's group checks, for events with an `h` tag. */
  private groupRefusal(event: Event): string | null {
    const groupId = event.tags.find((tag) => tag[0] === 'h')?.[1];
    // A kind 9 without an `h` tag is not a group event: zooid stores it like any note.
    if (groupId === undefined) return null;
    const group = this.groups.get(groupId);
    if (group === undefined || (group.hidden === true && !this.isMember(group, event.pubkey))) return 'invalid: group not found';
    if (group.closed && !this.skipsMembershipCheck(group, event.pubkey) && !this.isMember(group, event.pubkey)) {
      return 'restricted: you are not a member of that group';
    }
    if (group.writeRestricted === true && !group.writers.has(event.pubkey) && !group.admins.has(event.pubkey)) {
      return 'restricted: this group only allows designated writers to post';
    }
    if (this.bannedIds.has(event.id)) return 'restricted: this event has been banned from this relay';
    return null;
  }

  /** NIP-09: a kind 5 removes the events it names by `e` tag, if the same key wrote them. */
  private deleteReferenced(deletion: Event): void {
    for (const [name, id] of deletion.tags) {
      if (name !== 'e' || id === undefined) continue;
      if (this.events.get(id)?.pubkey === deletion.pubkey) this.events.delete(id);
    }
  }

  private isMember(group: Group, pubkey: string): boolean {
    return !this.coldMembershipCache.has(group.id) && group.members.has(pubkey);
  }

  private skipsMembershipCheck(group: Group, pubkey: string): boolean {
    return this.identity.adminPubkeys.has(pubkey) || group.admins.has(pubkey) || pubkey === this.identity.selfPubkey;
  }

}
