import { decode } from 'nostr-tools/nip19';
import { hexToBytes } from 'nostr-tools/utils';

/**
 * Raised for a key that cannot be used. Its message describes the expected shape and never includes the
 * offending text, because that text may be a real key with one character wrong.
 */
export class SecretKeyFormatError extends Error {
  override readonly name = 'SecretKeyFormatError';
}

const HEX_KEY = /^[0-9a-f]{64}$/i;

/** Accepts a 64-hex secret key or a NIP-19 `nsec1...`; surrounding whitespace (a trailing newline) is ignored. */
export function parseSecretKey(text: string, source: string): Uint8Array {
  const candidate = text.trim();
  const expected = 'expected 64 hex characters or a NIP-19 nsec1... string (the value is not shown)';
  if (candidate === '') throw new SecretKeyFormatError(`${source} is empty: ${expected}`);
  if (HEX_KEY.test(candidate)) return hexToBytes(candidate.toLowerCase());
  if (candidate.toLowerCase().startsWith('nsec1')) {
    try {
      const decoded = decode(candidate.toLowerCase());
      if (decoded.type === 'nsec') return decoded.data;
    } catch {
      // fall through: the bech32 error text could quote the key
    }
    throw new SecretKeyFormatError(`${source} is not a valid nsec (bad checksum or length): ${expected}`);
  }
  if (candidate.startsWith('npub1')) {
    throw new SecretKeyFormatError(`${source} holds a public key (npub); the canary needs the secret key: ${expected}`);
  }
  throw new SecretKeyFormatError(`${source} is not a usable secret key: ${expected}`);
}
