/**
 * Runs the local relays in their own process, so that the relay's work (signature checks, storage) is not
 * counted in the CPU, heap and handles of the process being measured, just as a real relay runs elsewhere.
 * Commands arrive over IPC as { id, command, ...args } and are answered with { id, result } or { id, error }.
 */
import { startLocalRelay } from '../dist/relay/local-relay.js';

/** Every relay here is named by its URL. */
const relays = new Map();

const commands = {
  /** Starts `count` relays, each with closed groups `groups` of which `member` (hex pubkey) is a plain member. */
  async start({ count, groups, member }) {
    const urls = [];
    for (let i = 0; i < count; i++) {
      const relay = await startLocalRelay();
      for (const group of groups) {
        relay.store.createGroup(group, { closed: true }, relay.store.identity.selfPubkey);
        relay.store.addMember(group, member);
      }
      relays.set(relay.url, relay);
      urls.push(relay.url);
    }
    return urls;
  },
  /** Replaces one relay's fault switches; `coldGroups` go into its membership cache as half-loaded. */
  faults({ url, faults, coldGroups = [] }) {
    const relay = relays.get(url);
    relay.faults = faults;
    relay.store.coldMembershipCache.clear();
    for (const group of coldGroups) relay.store.coldMembershipCache.add(group);
  },
  /**
   * Forgets stored events: the relay keeps every message and deletion, and its REQ scans them all, so a long
   * run would otherwise measure the relay's growing store instead of the probe.
   */
  forgetEvents({ url }) {
    relays.get(url).store.events.clear();
  },
  /** WebSockets still open on each relay: a client that left one behind shows here. */
  openConnections() {
    return [...relays.values()].reduce((sum, relay) => sum + relay.openConnections(), 0);
  },
  async stopAll() {
    await Promise.all([...relays.values()].map((relay) => relay.close()));
    relays.clear();
  },
};

process.on('message', async ({ id, command, ...args }) => {
  try {
    process.send({ id, result: (await commands[command](args)) ?? null });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', async () => {
  await commands.stopAll();
  process.exit(0);
});
