import type { Event } from 'nostr-tools/pure';
import { hasValidSignature } from './signature.js';

const CLIENT_AUTH_KIND = 22242;
const MAX_SKEW_SECONDS = 10 * 60;

/**
 * zooid's (khatru's) NIP-42 check, in its order and with its words. Returns the reason for
 * `error: failed to authenticate: <why>`, or null when the event authenticates its pubkey.
 */
export function authRefusal(event: Event, challenge: string, derivedRelayUrl: string, nowSeconds: number): string | null {
  if (event.kind !== CLIENT_AUTH_KIND) return `wanted kind ${CLIENT_AUTH_KIND}, got ${event.kind}`;
  const sentChallenge = tagValue(event, 'challenge');
  if (sentChallenge === undefined) return 'missing challenge';
  if (sentChallenge !== challenge) return `expected challenge '${challenge}', got '${sentChallenge}'`;
  const relayTag = tagValue(event, 'relay');
  if (relayTag === undefined) return "missing 'relay' tag";
  const found = comparableRelayUrl(relayTag);
  if (found === null) return `invalid 'relay' tag '${relayTag}'`;
  const expected = comparableRelayUrl(derivedRelayUrl) ?? derivedRelayUrl;
  if (found !== expected) return `expected relay URL '${expected}', got '${found}'`;
  if (event.created_at > nowSeconds + MAX_SKEW_SECONDS) return 'auth event too much in the future';
  if (event.created_at < nowSeconds - MAX_SKEW_SECONDS) return 'auth event too much in the past';
  if (!hasValidSignature(event)) return 'invalid signature';
  return null;
}

/** Scheme, host with port, and path, lower-cased, one trailing slash ignored: what zooid compares. */
export function comparableRelayUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  // URL drops a port that is the scheme's default; zooid compares the host as written, so keep it.
  const written = /^[a-z]+:\/\/([^/?#]+)/i.exec(text)?.[1] ?? url.host;
  const path = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  return `${url.protocol}//${written}${path}`.toLowerCase();
}

function tagValue(event: Event, name: string): string | undefined {
  return event.tags.find((tag) => tag[0] === name)?.[1];
}
