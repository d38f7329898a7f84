import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayFaults } from './faults.js';

/** What the local relay says it is; the fork lists supported NIPs as numbers (upstream as strings). */
export function relayDocument(selfPubkey: string): object {
  return {
    name: 'zooid-canary local relay',
    description: 'A zooid-like relay on loopback for tests and the demo; not a relay to run for real.',
    software: 'zooid-canary/local-relay',
    version: '0.1.0',
    supported_nips: [1, 9, 11, 29, 42],
    self: selfPubkey,
  };
}

/**
 * Plain HTTP on the relay's port: the NIP-11 document for `Accept: application/nostr+json`, else 404 as zooid
 * behind its load balancer answers `/`. The `nip11` fault hides the document or serves a broken one.
 */
export function serveRelayInformation(req: IncomingMessage, res: ServerResponse, selfPubkey: string, fault: RelayFaults['nip11']): void {
  const wantsDocument = req.method === 'GET' && (req.headers.accept ?? '').includes('application/nostr+json');
  if (!wantsDocument || fault === 'missing') {
    res.writeHead(404).end();
    return;
  }
  // NIP-11 asks for CORS headers, so web clients can read the document.
  res.writeHead(200, { 'content-type': 'application/nostr+json', 'access-control-allow-origin': '*' });
  res.end(fault === 'broken' ? '<html><body>502 Bad Gateway</body></html>' : JSON.stringify(relayDocument(selfPubkey)));
}
