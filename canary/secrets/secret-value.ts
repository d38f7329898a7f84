import { parseSecretKey, SecretKeyFormatError } from '../core/secret-key.js';

/**
 * The canary key from a secret's value: the bare key (64 hex or nsec1...), or JSON `{"seckey": "<key>"}`, the
 * shape the Secrets Manager console makes for a key/value secret. Throws SecretKeyFormatError, whose message
 * describes the expected shape and never quotes the value.
 */
export function keyFromSecretValue(value: string, secretId: string): Uint8Array {
  const source = `the value of secret "${secretId}"`;
  const text = value.trim();
  if (!text.startsWith('{')) return parseSecretKey(text, source);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error: it could hold the key.
    throw new SecretKeyFormatError(`${source} starts with "{" but is not valid JSON: store {"seckey": "<64 hex or nsec1...>"} or the bare key`);
  }
  const seckey = (parsed as { seckey?: unknown }).seckey;
  if (typeof seckey !== 'string') {
    throw new SecretKeyFormatError(`${source} is JSON without a string "seckey" field: store {"seckey": "<64 hex or nsec1...>"} or the bare key`);
  }
  return parseSecretKey(seckey, `the "seckey" field of secret "${secretId}"`);
}
