import { decode } from 'nostr-tools/nip19';

const HEX_PUBKEY = /^[0-9a-f]{64}$/i;

/** A public key given as 64 hex or NIP-19 npub1..., as lower-case hex; null when it is neither. */
export function parsePublicKey(text: string): string | null {
  const candidate = text.trim();
  if (HEX_PUBKEY.test(candidate)) return candidate.toLowerCase();
  if (!candidate.toLowerCase().startsWith('npub1')) return null;
  try {
    const decoded = decode(candidate.toLowerCase());
    return decoded.type === 'npub' ? decoded.data : null;
  } catch {
    return null;
  }
}
