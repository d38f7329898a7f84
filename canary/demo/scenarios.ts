import type { LocalRelay } from '../relay/local-relay.js';

/** Ways to set up the local relay for `npm start`, each showing what the canary reports. */
export interface Scenario {
  readonly description: string;
  /** The group the probe posts to. */
  readonly group: string;
  readonly arrange: (relay: LocalRelay, group: string, member: string) => void;
}

const CANARY_GROUP = 'canary';

function closedGroupWithMember(relay: LocalRelay, group: string, member: string): void {
  relay.store.createGroup(group, { closed: true }, relay.store.identity.selfPubkey);
  relay.store.addMember(group, member);
}

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  pass: {
    description: 'healthy relay, canary key is a plain member of the closed group',
    group: CANARY_GROUP,
    arrange: closedGroupWithMember,
  },
  'cold-cache': {
    description: "the 2026 regression: the relay's membership cache is half-loaded and refuses a real member",
    group: CANARY_GROUP,
    arrange: (relay, group, member) => {
      closedGroupWithMember(relay, group, member);
      relay.store.coldMembershipCache.add(group);
    },
  },
  'not-member': {
    description: 'the canary key was never added to the closed group',
    group: CANARY_GROUP,
    arrange: (relay, group) => relay.store.createGroup(group, { closed: true }, relay.store.identity.selfPubkey),
  },
  'unknown-group': {
    description: 'the group does not exist on the relay',
    group: 'no-such-group',
    arrange: () => {},
  },
  silent: {
    description: 'the relay authenticates the canary but never answers its message',
    group: CANARY_GROUP,
    arrange: (relay, group, member) => {
      closedGroupWithMember(relay, group, member);
      relay.faults.silent = 'event';
    },
  },
};
