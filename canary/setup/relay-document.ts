/** What the relay's NIP-11 document says, or why there was none. */
export type RelayDocumentFact =
  | {
      readonly served: true;
      readonly url: string;
      /** The relay's own key, which signs group metadata; null when the document has no valid `self`. */
      readonly self: string | null;
      /** As strings: the fork lists numbers, upstream strings. */
      readonly supportedNips: readonly string[];
      readonly software: string | null;
    }
  | { readonly served: false; readonly url: string; readonly problem: string };

const HEX_PUBKEY = /^[0-9a-f]{64}$/;
/** A document is a few hundred bytes; anything far larger is not one. */
const MAX_DOCUMENT_BYTES = 64 * 1024;

/** NIP-11 lives at the relay's own URL over HTTP(S): wss://host/path → https://host/path. */
export function relayDocumentUrl(relayUrl: string): string {
  const url = new URL(relayUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.toString();
}

/** GET the NIP-11 document within `timeoutMs`. Never throws: a missing or broken document is a fact. */
export async function fetchRelayDocument(relayUrl: string, timeoutMs: number): Promise<RelayDocumentFact> {
  const url = relayDocumentUrl(relayUrl);
  const missing = (problem: string): RelayDocumentFact => ({ served: false, url, problem });
  let body: string;
  try {
    const response = await fetch(url, { headers: { accept: 'application/nostr+json' }, signal: AbortSignal.timeout(timeoutMs) });
    body = await response.text();
    if (response.status !== 200) return missing(`HTTP ${response.status} for GET with Accept: application/nostr+json`);
  } catch (error) {
    const { name, message, cause } = error as Error & { cause?: { code?: string; message?: string } };
    if (name === 'TimeoutError') return missing(`no answer within ${timeoutMs / 1000} s`);
    return missing(`request failed: ${cause?.code ?? cause?.message ?? message}`);
  }
  if (body.length > MAX_DOCUMENT_BYTES) return missing(`answer is ${body.length} bytes, far too large for a relay document`);
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return missing(`answer is not JSON (starts with ${JSON.stringify(body.slice(0, 40))})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return missing('answer is JSON but not an object');
  const { self, supported_nips: nips, software, version } = document as Record<string, unknown>;
  return {
    served: true,
    url,
    self: typeof self === 'string' && HEX_PUBKEY.test(self) ? self : null,
    supportedNips: Array.isArray(nips) ? nips.map(String) : [],
    software: typeof software === 'string' ? [software, typeof version === 'string' ? version : ''].join(' ').trim() : null,
  };
}
