import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Filter } from 'nostr-tools/filter';
import { generateSecretKey, getPublicKey, type Event } from 'nostr-tools/pure';
import { WebSocketServer, type WebSocket } from 'ws';
import { authRefusal } from './auth-check.js';
import type { RelayFaults } from './faults.js';
import { GroupStore } from './group-store.js';
import { serveRelayInformation } from './nip11.js';

/** zooid ends the connection on frames over this size. */
export const ZOOID_MAX_FRAME_BYTES = 512_000;
/** One socket may authenticate this many keys; the last one counts. */
const MAX_AUTHED_KEYS = 8;

export interface LocalRelayOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  readonly faults?: RelayFaults;
  /** Relay admins (hex pubkeys); zooid skips the membership check for them. */
  readonly adminPubkeys?: readonly string[];
  /**
   * The URL the relay believes it serves, as behind a TLS-terminating load balancer (`wss://relay.example.com`);
   * AUTH `relay` tags are compared with it. Default: derived from each request, `ws://<Host header><path>`.
   */
  readonly publicUrl?: string;
  /** Serve wss:// with this certificate and key (PEM), as a TLS-terminating load balancer would. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface LocalRelay {
  /** ws://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly store: GroupStore;
  /** Mutable: flip switches on the running relay. */
  faults: RelayFaults;
  /** WebSockets currently open, to check a client left nothing behind. */
  openConnections(): number;
  /** Frames received, by verb (`AUTH`, `EVENT`, ...): shows whether a client needed extra round trips. */
  readonly received: Map<string, number>;
  close(): Promise<void>;
}

interface Connection {
  readonly socket: WebSocket;
  readonly challenge: string;
  readonly derivedUrl: string;
  readonly authed: string[];
}

/**
 * A WebSocket relay on loopback that behaves like zooid on the write path, word for word, with fault switches.
 * It is the canary's test bed and the target of `npm start`; it is not a relay to run for real.
 */
export async function startLocalRelay(options: LocalRelayOptions = {}): Promise<LocalRelay> {
  const selfSecretKey = generateSecretKey();
  const store = new GroupStore({
    selfSecretKey,
    selfPubkey: getPublicKey(selfSecretKey),
    adminPubkeys: new Set(options.adminPubkeys ?? []),
  });
  const timers = new Set<NodeJS.Timeout>();
  const serveHttp = (req: IncomingMessage, res: ServerResponse) => serveRelayInformation(req, res, store.identity.selfPubkey, relay.faults.nip11);
  const server: Server = options.tls === undefined ? createServer(serveHttp) : createHttpsServer(options.tls, serveHttp);
  const scheme = options.tls === undefined ? 'ws' : 'wss';
  const wss = new WebSocketServer({ server, maxPayload: ZOOID_MAX_FRAME_BYTES });
  const relay: LocalRelay = {
    url: '',
    port: 0,
    store,
    faults: { ...options.faults },
    openConnections: () => wss.clients.size,
    received: new Map(),
    close: () => closeAll(server, wss, timers),
  };

  const later = (ms: number, action: () => void) => {
    if (ms <= 0) return action();
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  const send = (conn: Connection, frame: unknown) => {
    later(relay.faults.answerDelayMs ?? 0, () => {
      if (conn.socket.readyState !== conn.socket.OPEN) return;
      if (Buffer.isBuffer(frame)) conn.socket.send(frame, { binary: true });
      else conn.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    });
  };

  wss.on('connection', (socket, req) => {
    const conn: Connection = { socket, challenge: randomBytes(8).toString('hex'), derivedUrl: options.publicUrl ?? derivedUrl(scheme, req), authed: [] };
    if (!relay.faults.noChallenge && relay.faults.silent !== 'all') send(conn, ['AUTH', conn.challenge]);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return send(conn, ['NOTICE', 'error: binary messages are not supported']);
      const frame = parseFrame(data.toString());
      if (frame === null) return send(conn, ['NOTICE', 'error: failed to parse message']);
      const [verb, payload, ...rest] = frame;
      relay.received.set(String(verb), (relay.received.get(String(verb)) ?? 0) + 1);
      if (verb === 'AUTH') later(relay.faults.authProcessingDelayMs ?? 0, () => onAuth(conn, payload as Event));
      else if (verb === 'EVENT') onEvent(conn, payload as Event);
      else if (verb === 'REQ' && typeof payload === 'string') onReq(conn, payload, rest as Filter[]);
      else if (verb === 'CLOSE') return; // no live subscriptions here: every REQ ends at EOSE
      else send(conn, ['NOTICE', `error: unknown message type ${String(verb)}`]);
    });
  });

  const onAuth = (conn: Connection, event: Event) => {
    const { faults } = relay;
    if (faults.silent === 'auth' || faults.silent === 'all') return;
    const why = faults.refuseAuth ?? authRefusal(event, conn.challenge, conn.derivedUrl, Math.floor(Date.now() / 1000));
    if (why !== null) return send(conn, ['OK', event.id, false, `error: failed to authenticate: ${why}`]);
    conn.authed.push(event.pubkey);
    if (conn.authed.length > MAX_AUTHED_KEYS) conn.authed.shift();
    send(conn, ['OK', event.id, true, '']);
  };

  const onEvent = (conn: Connection, event: Event) => {
    const { faults } = relay;
    if (faults.closeOnEvent === 'drop') return conn.socket.terminate();
    if (faults.closeOnEvent !== undefined) return conn.socket.close(faults.closeOnEvent.code, faults.closeOnEvent.reason);
    if (faults.noiseBeforeOk) sendNoise(conn, send);
    if (faults.garbageBeforeOk) sendGarbage(conn, send);
    if (faults.oversizedFrameBytes !== undefined) send(conn, JSON.stringify(['NOTICE', 'x'.repeat(faults.oversizedFrameBytes)]));
    if (faults.silent === 'event' || faults.silent === 'all') return;
    const refusal = store.refusalFor(event, conn.authed.at(-1) ?? null);
    if (faults.malformedOk) return send(conn, ['OK', event.id, 'true', '']);
    if (refusal?.startsWith('auth-required:')) send(conn, ['AUTH', conn.challenge]);
    send(conn, ['OK', event.id, refusal === null, refusal ?? '']);
  };

  const onReq = (conn: Connection, subscription: string, filters: Filter[]) => {
    const { faults } = relay;
    if (faults.readback === 'silent') return;
    if (conn.authed.length === 0) {
      send(conn, ['AUTH', conn.challenge]);
      return send(conn, ['CLOSED', subscription, 'auth-required: authentication is required for access']);
    }
    if (faults.readback !== undefined && faults.readback !== 'missing') return send(conn, ['CLOSED', subscription, faults.readback.closed]);
    // zooid drops what the reader may not see without saying so: a read problem is an EOSE with nothing before it.
    if (faults.readback !== 'missing') for (const event of store.query(filters)) send(conn, ['EVENT', subscription, event]);
    send(conn, ['EOSE', subscription]);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return Object.assign(relay, { url: `${scheme}://127.0.0.1:${port}`, port });
}

/** What zooid derives from the request and compares with the AUTH `relay` tag. */
function derivedUrl(scheme: string, req: IncomingMessage): string {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  return `${scheme}://${req.headers.host ?? ''}${path}`;
}

function parseFrame(text: string): unknown[] | null {
  try {
    const frame: unknown = JSON.parse(text);
    return Array.isArray(frame) && frame.length >= 2 ? frame : null;
  } catch {
    return null;
  }
}

/** A frame is a value sent as JSON, a string sent as raw text, or a Buffer sent as a binary frame. */
type Send = (conn: Connection, frame: unknown) => void;

function sendNoise(conn: Connection, send: Send): void {
  send(conn, ['OK', randomBytes(32).toString('hex'), false, 'restricted: some other event']);
  send(conn, ['OK', randomBytes(32).toString('hex'), true, '']);
  send(conn, ['NOTICE', 'slow down: relay is busy']);
  send(conn, ['EVENT', 'someone-else', { id: randomBytes(32).toString('hex'), kind: 1 }]);
  send(conn, ['CLOSED', 'someone-else', 'error: shutting down subscription']);
}

function sendGarbage(conn: Connection, send: Send): void {
  send(conn, 'this is not json {');
  send(conn, '{"an":"object, not an array"}');
  send(conn, '[42, "no verb"]');
  send(conn, ['OK']);
  send(conn, Buffer.from([0xde, 0xad, 0xbe, 0xef]));
}

async function closeAll(server: Server, wss: WebSocketServer, timers: Set<NodeJS.Timeout>): Promise<void> {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
