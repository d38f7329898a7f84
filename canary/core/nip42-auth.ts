import { signAuth, type Signer } from './canary-events.js';
import { messagePrefix } from './relay-message.js';
import type { RelaySession } from './relay-session.js';
import { ProbeFailure } from './verdict.js';

/**
 * Answers a NIP-42 challenge and waits for the relay's OK. Callers must await this before sending anything
 * that needs auth: zooid handles each message concurrently, so a message pipelined behind the AUTH can
 * overtake it and be refused.
 */
export async function authenticate(session: RelaySession, sign: Signer, challenge: string, nowSeconds: number): Promise<void> {
  const answer = await session.request('AUTH', signAuth(sign, session.url, challenge, nowSeconds));
  if (!answer.accepted) {
    const words = answer.message === '' ? 'relay refused AUTH without giving a reason' : answer.message;
    throw new ProbeFailure('auth', words, messagePrefix(answer.message));
  }
}
