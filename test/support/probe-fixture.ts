import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { expect, vi } from 'vitest';
import { signerFor } from '../../canary/core/canary-events.js';
import { resolveCanaryConfig, type CanaryConfigInput } from '../../canary/core/canary-config.js';
import { runCanary } from '../../canary/core/canary-run.js';
import type { Verdict } from '../../canary/core/verdict.js';
import { startLocalRelay, type LocalRelay, type LocalRelayOptions } from '../../canary/relay/local-relay.js';

export const GROUP = 'canary';

/** A local relay with a closed group in which a fresh canary key is a plain member. */
export async function relayWithMember(options: LocalRelayOptions = {}) {
  const secretKey = generateSecretKey();
  const pubkey = getPublicKey(secretKey);
  const relay = await startLocalRelay(options);
  relay.store.createGroup(GROUP, { closed: true }, relay.store.identity.selfPubkey);
  relay.store.addMember(GROUP, pubkey);
  return { relay, secretKey, pubkey };
}

/** Runs the real canary (one relay, the fixture's group unless told otherwise) and times it from outside. */
export async function probe(input: Omit<CanaryConfigInput, 'relays'> & { relayUrl: string }, secretKey: Uint8Array) {
  const { relayUrl, ...rest } = input;
  const config = resolveCanaryConfig({ groups: [GROUP], ...rest, relays: [relayUrl] });
  if (!config.ok) throw new Error(config.problems.join('; '));
  const started = performance.now();
  const run = await runCanary(config.value, { sign: signerFor(secretKey) });
  const verdict: Verdict = run.verdicts[0]!;
  return { verdict, run, wallMs: performance.now() - started };
}

/** Runs the real canary over several relays and groups. */
export async function probeMany(relays: string[], groups: string[], secretKey: Uint8Array) {
  const config = resolveCanaryConfig({ relays, groups });
  if (!config.ok) throw new Error(config.problems.join('; '));
  return runCanary(config.value, { sign: signerFor(secretKey) });
}

/** The relay sees no connection left once the probe has returned. */
export async function expectNoConnectionLeft(relay: LocalRelay): Promise<void> {
  await vi.waitFor(() => expect(relay.openConnections()).toBe(0), { timeout: 2_000, interval: 10 });
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never says a word: the upgrade stalls. */
export async function blackHole(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Counts of the process's live handles that a leaked socket or timer would add to. */
export function liveHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'TCPSocketWrap' || kind === 'TCPServerWrap' || kind === 'Timeout') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
