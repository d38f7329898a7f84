import { nsecEncode } from 'nostr-tools/nip19';
import { bytesToHex } from 'nostr-tools/utils';
import { generateSecretKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { parseSecretKey, SecretKeyFormatError } from '../canary/core/secret-key.js';

const key = generateSecretKey();
const hex = bytesToHex(key);
const nsec = nsecEncode(key);

describe('parseSecretKey', () => {
  it.each([
    ['64 hex', hex],
    ['upper-case hex', hex.toUpperCase()],
    ['nsec', nsec],
    ['with a trailing newline', `${nsec}\n`],
  ])('reads %s', (_name, text) => expect(parseSecretKey(text, 'KEY')).toEqual(key));

  it.each([
    ['empty', '', /KEY is empty/],
    ['63 hex', hex.slice(1), /not a usable secret key/],
    ['an npub', 'npub1' + nsec.slice(5), /holds a public key/],
    ['an nsec with a bad checksum', nsec.slice(0, -1) + (nsec.endsWith('q') ? 'p' : 'q'), /not a valid nsec/],
  ])('refuses %s without echoing it', (_name, text, why) => {
    let error: unknown;
    try {
      parseSecretKey(text, 'KEY');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretKeyFormatError);
    const message = (error as Error).message;
    expect(message).toMatch(why);
    if (text.length > 8) expect(message).not.toContain(text.slice(5, 25));
  });
});
