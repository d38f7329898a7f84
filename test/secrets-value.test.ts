import { nsecEncode, npubEncode } from 'nostr-tools/nip19';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { describe, expect, it } from 'vitest';
import { SecretKeyFormatError } from '../canary/core/secret-key.js';
import { secretIdProblem } from '../canary/secrets/secret-id.js';
import { keyFromSecretValue } from '../canary/secrets/secret-value.js';

const key = generateSecretKey();
const hex = bytesToHex(key);
const nsec = nsecEncode(key);
const SECRET = 'zooid-canary/prod/nostr-key';

/** The error keyFromSecretValue throws, checked to be the format error and to quote nothing of the value. */
function formatError(value: string): string {
  try {
    keyFromSecretValue(value, SECRET);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretKeyFormatError);
    const message = (error as Error).message;
    for (const part of [hex, nsec, hex.slice(0, 16), nsec.slice(5, 25)]) expect(message).not.toContain(part);
    return message;
  }
  throw new Error('expected a SecretKeyFormatError');
}

describe('keyFromSecretValue', () => {
  it.each([
    ['bare hex', hex],
    ['bare hex, upper case, with a trailing newline', `${hex.toUpperCase()}\n`],
    ['bare nsec', nsec],
    ['JSON with a hex seckey', JSON.stringify({ seckey: hex })],
    ['JSON with an nsec seckey and other fields', JSON.stringify({ seckey: nsec, note: 'canary key' })],
    ['pretty-printed JSON', JSON.stringify({ seckey: hex }, null, 2)],
  ])('reads %s', (_, value) => {
    expect(keyFromSecretValue(value, SECRET)).toEqual(key);
  });

  it('names the secret and the expected shapes when the value is not a key', () => {
    expect(formatError(hex.slice(0, 63))).toBe(
      `the value of secret "${SECRET}" is not a usable secret key: expected 64 hex characters or a NIP-19 nsec1... string (the value is not shown)`,
    );
    // A different last character breaks the checksum; the same one (1 key in 32) would not.
    expect(formatError(`${nsec.slice(0, -1)}${nsec.endsWith('x') ? 'y' : 'x'}`)).toContain('is not a valid nsec');
    expect(formatError(npubEncode(getPublicKey(key)))).toContain('holds a public key (npub)');
    expect(formatError('   ')).toContain('is empty');
  });

  it('explains the JSON shape when the JSON is broken, lacks seckey, or seckey is not a key', () => {
    expect(formatError(`{"seckey": "${hex}"`)).toContain('starts with "{" but is not valid JSON');
    expect(formatError(JSON.stringify({ key: hex }))).toContain('without a string "seckey" field');
    expect(formatError(JSON.stringify({ seckey: 42 }))).toContain('without a string "seckey" field');
    expect(formatError(JSON.stringify({ seckey: hex.slice(1) }))).toContain(`the "seckey" field of secret "${SECRET}" is not a usable secret key`);
  });
});

describe('secretIdProblem', () => {
  it.each(['zooid-canary/prod/nostr-key', 'a', 'name_with+all=the.allowed@chars-', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:zooid-canary/prod/nostr-key-AbCdEf', 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:k-AbCdEf'])(
    'accepts %s',
    (id) => expect(secretIdProblem(id, 'SECRET_ID')).toBeNull(),
  );

  it('says what a secret id may be when it is not one', () => {
    expect(secretIdProblem('', 'SECRET_ID')).toMatch(/^SECRET_ID is missing: give the name or ARN/);
    expect(secretIdProblem('has space', '--secret-id')).toBe('--secret-id "has space" is neither a secret name (letters, digits, /_+=.@-) nor a Secrets Manager secret ARN');
    expect(secretIdProblem('arn:aws:s3:::bucket', 'SECRET_ID')).toContain('is neither');
    expect(secretIdProblem('x'.repeat(513), 'SECRET_ID')).toContain('is neither');
  });
});
