import type { Signer } from '../core/canary-events.js';
import { authenticate } from '../core/nip42-auth.js';
import { CANARY_DEFAULTS } from '../core/canary-config.js';
import { RelaySession } from '../core/relay-session.js';
import { ProbeFailure } from '../core/verdict.js';

/**
 * Connects, answers the relay's NIP-42 challenge with `sign`, runs `work` on the authenticated session and
 * closes it, all under one deadline that exists before the socket does. Failures are ProbeFailures whose
 * message says what stalled or what the relay said; `work` only ever runs once AUTH was accepted.
 */
export async function withAuthenticatedSession<T>(
  relayUrl: string,
  sign: Signer,
  timeoutMs: number,
  work: { readonly doing: string; readonly run: (session: RelaySession) => Promise<T> },
): Promise<T> {
  const session = new RelaySession(relayUrl, CANARY_DEFAULTS);
  let doing = `opening a WebSocket to ${relayUrl}`;
  const deadline = setTimeout(
    () => session.abort(new ProbeFailure('timeout', `no progress within ${timeoutMs / 1000} s while ${doing}${session.context()}: check the relay is up, or raise --timeout`)),
    timeoutMs,
  );
  try {
    await session.whenOpen();
    doing = 'waiting for the NIP-42 AUTH challenge and its OK';
    const challenge = await session.challengeWithin(Math.min(CANARY_DEFAULTS.challengeGraceMs, timeoutMs));
    if (challenge === null) {
      throw new ProbeFailure(
        'auth',
        `relay sent no NIP-42 AUTH challenge within ${CANARY_DEFAULTS.challengeGraceMs / 1000} s of connecting (zooid sends one at once): check --relay points at the zooid relay itself`,
      );
    }
    await authenticate(session, sign, challenge, Math.floor(Date.now() / 1000));
    doing = work.doing;
    return await work.run(session);
  } finally {
    clearTimeout(deadline);
    await session.close();
  }
}
