import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { authRefusal, comparableRelayUrl } from '../canary/relay/auth-check.js';

const key = generateSecretKey();
const NOW = 1_800_000_000;
const URL_ = 'ws://127.0.0.1:7447';

function auth(overrides: { kind?: number; tags?: string[][]; created_at?: number } = {}) {
  return finalizeEvent(
    { kind: 22242, created_at: NOW, content: '', tags: [['relay', URL_], ['challenge', 'abc']], ...overrides },
    key,
  );
}

describe("the local relay's NIP-42 check uses zooid's words", () => {
  it('accepts a correct AUTH', () => expect(authRefusal(auth(), 'abc', URL_, NOW)).toBeNull());

  it.each([
    ['wrong kind', auth({ kind: 1 }), 'wanted kind 22242, got 1'],
    ['no challenge tag', auth({ tags: [['relay', URL_]] }), 'missing challenge'],
    ['other challenge', auth({ tags: [['relay', URL_], ['challenge', 'zzz']] }), "expected challenge 'abc', got 'zzz'"],
    ['no relay tag', auth({ tags: [['challenge', 'abc']] }), "missing 'relay' tag"],
    ['unparseable relay tag', auth({ tags: [['relay', 'not a url'], ['challenge', 'abc']] }), "invalid 'relay' tag 'not a url'"],
    ['other host', auth({ tags: [['relay', 'ws://localhost:7447'], ['challenge', 'abc']] }), "expected relay URL 'ws://127.0.0.1:7447', got 'ws://localhost:7447'"],
    ['too new', auth({ created_at: NOW + 601 }), 'auth event too much in the future'],
    ['too old', auth({ created_at: NOW - 601 }), 'auth event too much in the past'],
  ])('%s', (_name, event, why) => expect(authRefusal(event, 'abc', URL_, NOW)).toBe(why));

  it('rejects a tampered signature', () => {
    const event = { ...auth(), sig: 'ab'.repeat(64) };
    expect(authRefusal(event, 'abc', URL_, NOW)).toBe('invalid signature');
  });

  it('ignores case and one trailing slash, but not an explicit default port', () => {
    expect(comparableRelayUrl('WSS://Relay.Example.com/')).toBe('wss://relay.example.com');
    expect(comparableRelayUrl('wss://relay.example.com:443')).not.toBe(comparableRelayUrl('wss://relay.example.com'));
    expect(comparableRelayUrl('ws://h:1/path/')).toBe('ws://h:1/path');
  });
});
