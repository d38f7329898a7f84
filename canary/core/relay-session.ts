import tls from 'node:tls';
import WebSocket from 'ws';
import { ProbeFailure } from './verdict.js';
import { messagePrefix, parseRelayMessage, quote, type RelayMessage } from './relay-message.js';

export interface RelaySessionOptions {
  /** Frames larger than this end the run as a protocol fault instead of being buffered. */
  readonly maxFrameBytes: number;
  /** How long a polite close may take before the socket is destroyed. */
  readonly closeGraceMs: number;
  /** Extra CA certificates (PEM) to trust for wss; the system's are always trusted. */
  readonly trustedCertificates?: readonly string[];
}

/** The relay's answer to an AUTH or EVENT. */
export interface OkAnswer {
  readonly accepted: boolean;
  readonly message: string;
}

/** Events a REQ returned before EOSE, or the relay's words if it ended the subscription with CLOSED. */
export interface QueryAnswer {
  readonly events: readonly unknown[];
  readonly closedWith: string | null;
}

interface Waiter {
  /** Returns true when the message settled this waiter. */
  offer(message: RelayMessage): boolean;
  fail(failure: ProbeFailure): void;
}

/**
 * One WebSocket to a relay, seen as a stream of parsed relay messages that waiters pick from. The first fault
 * (error, close, deadline) settles every waiter with the same ProbeFailure, so a run fails exactly once, with
 * the cause that came first, however many events follow it.
 */
export class RelaySession {
  private readonly socket: WebSocket;
  private readonly waiters = new Set<Waiter>();
  private readonly closedPromise: Promise<void>;
  private failure: ProbeFailure | null = null;
  private opened = false;
  private challenge: string | null = null;
  private lastNotice: string | null = null;
  private ignoredFrames = 0;
  /** When the relay's TLS certificate expires; null for ws:// or before the upgrade. */
  certificateExpiry: Date | null = null;

  constructor(
    readonly url: string,
    private readonly options: RelaySessionOptions,
  ) {
    const extraCa = options.trustedCertificates ?? [];
    this.socket = new WebSocket(url, {
      maxPayload: options.maxFrameBytes,
      perMessageDeflate: false,
      ...(extraCa.length > 0 ? { ca: [...tls.rootCertificates, ...extraCa] } : {}),
    });
    this.closedPromise = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.socket.on('open', () => (this.opened = true));
    this.socket.once('upgrade', (response) => {
      if (response.socket instanceof tls.TLSSocket) {
        const validTo = response.socket.getPeerCertificate().valid_to;
        if (validTo !== undefined) this.certificateExpiry = new Date(validTo);
      }
    });
    this.socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    this.socket.on('error', (error) => this.fail(this.classifyError(error)));
    this.socket.on('close', (code, reason) => this.fail(this.closedFailure(code, reason.toString('utf8'))));
  }

  /** Resolves once the WebSocket is open; rejects with the connect failure. */
  whenOpen(): Promise<void> {
    if (this.opened) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { offer: () => false, fail: reject };
      if (!this.register(waiter, reject)) return;
      this.socket.once('open', () => {
        this.waiters.delete(waiter);
        resolve();
      });
    });
  }

  /** The latest NIP-42 challenge, waiting at most `graceMs` for one; null if the relay sent none by then. */
  challengeWithin(graceMs: number): Promise<string | null> {
    if (this.challenge !== null) return Promise.resolve(this.challenge);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(null);
      }, graceMs);
      const waiter: Waiter = {
        offer: (message) => {
          if (message.type !== 'AUTH') return false;
          clearTimeout(timer);
          resolve(message.challenge);
          return true;
        },
        fail: (failure) => {
          clearTimeout(timer);
          reject(failure);
        },
      };
      if (!this.register(waiter, reject)) clearTimeout(timer);
    });
  }

  /**
   * Sends `[verb, event]` and resolves with the relay's OK for that event id. Registered before the send, so
   * an answer can never arrive before someone listens for it.
   */
  request(verb: 'AUTH' | 'EVENT', event: { readonly id: string }): Promise<OkAnswer> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        offer: (message) => {
          if ((message.type !== 'OK' && message.type !== 'MALFORMED_OK') || message.id !== event.id) return false;
          if (message.type === 'MALFORMED_OK') {
            reject(new ProbeFailure('protocol', `relay answered ${verb} ${event.id} with a malformed OK: ${message.raw}`));
          } else {
            resolve({ accepted: message.accepted, message: message.message });
          }
          return true;
        },
        fail: reject,
      };
      if (!this.register(waiter, reject)) return;
      this.socket.send(JSON.stringify([verb, event]));
    });
  }

  /**
   * Sends a REQ and collects its events until EOSE, or until the relay ends it with CLOSED; then sends CLOSE,
   * since zooid would otherwise keep the subscription live.
   */
  query(subscription: string, filters: readonly object[]): Promise<QueryAnswer> {
    return new Promise((resolve, reject) => {
      const events: unknown[] = [];
      const waiter: Waiter = {
        offer: (message) => {
          if (message.type === 'EVENT' && message.subscription === subscription) events.push(message.event);
          if (message.type === 'CLOSED' && message.subscription === subscription) {
            resolve({ events, closedWith: message.message });
            return true;
          }
          if (message.type !== 'EOSE' || message.subscription !== subscription) return false;
          this.socket.send(JSON.stringify(['CLOSE', subscription]));
          resolve({ events, closedWith: null });
          return true;
        },
        fail: reject,
      };
      if (!this.register(waiter, reject)) return;
      this.socket.send(JSON.stringify(['REQ', subscription, ...filters]));
    });
  }

  /** Ends every wait with this failure (the first one wins) and lets the socket go. */
  abort(failure: ProbeFailure): void {
    this.fail(failure);
  }

  /** What the relay said besides answers, for failure messages: the last NOTICE and how many frames were junk. */
  context(): string {
    const parts: string[] = [];
    if (this.lastNotice !== null) parts.push(`last NOTICE from the relay: "${this.lastNotice}"`);
    if (this.ignoredFrames > 0) parts.push(`${this.ignoredFrames} frame(s) ignored as not NIP-01`);
    return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
  }

  /**
   * Closes politely, then by force after the grace period, and resolves only once the socket is gone and
   * every listener is detached: nothing of the run survives it.
   */
  async close(): Promise<void> {
    this.waiters.clear();
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'zooid-canary run complete');
    else if (this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
    if (!(await this.closedWithin(this.options.closeGraceMs))) {
      this.socket.terminate();
      await this.closedWithin(this.options.closeGraceMs);
    }
    this.socket.removeAllListeners();
    // ws may still report a late socket error after close; with no listener it would be thrown.
    this.socket.on('error', () => {});
  }

  private async closedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const closed = this.closedPromise.then(() => true as const);
    try {
      return await Promise.race([closed, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private register(waiter: Waiter, reject: (failure: ProbeFailure) => void): boolean {
    if (this.failure !== null) {
      reject(this.failure);
      return false;
    }
    this.waiters.add(waiter);
    return true;
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) {
      this.ignoredFrames++;
      return;
    }
    const message = parseRelayMessage(data.toString());
    if (message.type === 'ignored') this.ignoredFrames++;
    if (message.type === 'AUTH') this.challenge = message.challenge;
    if (message.type === 'NOTICE') this.lastNotice = message.message;
    for (const waiter of [...this.waiters]) {
      if (waiter.offer(message)) this.waiters.delete(waiter);
    }
  }

  private fail(failure: ProbeFailure): void {
    if (this.failure !== null) return;
    this.failure = failure;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter.fail(failure);
  }

  private classifyError(error: Error & { code?: string }): ProbeFailure {
    if (!this.opened) {
      const upgrade = /^Unexpected server response: (\d+)/.exec(error.message);
      if (upgrade) {
        return new ProbeFailure(
          'connect',
          `relay answered HTTP ${upgrade[1]} instead of a WebSocket upgrade at ${this.url}: check the URL and what the load balancer routes there`,
        );
      }
      return new ProbeFailure('connect', `cannot open a WebSocket to ${this.url}: ${error.message}`);
    }
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      return new ProbeFailure('protocol', `relay sent a frame over ${this.options.maxFrameBytes} bytes, the canary's limit`);
    }
    if (error.code?.startsWith('WS_ERR_')) {
      return new ProbeFailure('protocol', `relay broke the WebSocket protocol: ${error.message}`);
    }
    return new ProbeFailure('closed', `connection to the relay failed: ${error.message}${this.context()}`);
  }

  private closedFailure(code: number, reason: string): ProbeFailure {
    if (!this.opened) return new ProbeFailure('connect', `connection to ${this.url} closed before the WebSocket opened (code ${code})`);
    const words = reason === '' ? 'no reason given' : quote(reason);
    return new ProbeFailure(
      'closed',
      `relay closed the connection before answering (code ${code}, ${words})${this.context()}`,
      messagePrefix(reason),
    );
  }
}
