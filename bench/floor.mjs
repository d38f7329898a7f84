/**
 * The floor: the least a client can do for the canary's flow, written plainly with `ws` and nostr-tools'
 * signing and no checks. Connect, answer the AUTH challenge and wait for its OK, publish the kind-9 group
 * message and wait for its OK, then close and wait for the close to finish (the probe also waits, so that
 * nothing of a run outlives it). `full` adds what the probe's default run does besides: a REQ for the message
 * until EOSE (then CLOSE), and a kind-5 deletion and its OK.
 */
import { finalizeEvent } from 'nostr-tools/pure';
import WebSocket from 'ws';

/** As long as the probe's message, so both hash, sign and send as many bytes. */
const MESSAGE_CONTENT = 'zooid-canary floor run: '.padEnd(151, '.');

/** Resolves with whether the relay accepted the group message (the bench checks it; the floor does not). */
export function floorRun(relayUrl, group, secretKey, { full = false } = {}) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(relayUrl, { perMessageDeflate: false });
    const now = () => Math.floor(Date.now() / 1000);
    let auth;
    let message;
    let deletion;
    let accepted = false;
    socket.on('error', reject);
    socket.on('close', () => resolve(accepted));
    socket.on('message', (data) => {
      const [verb, first, second] = JSON.parse(data.toString());
      if (verb === 'AUTH' && auth === undefined) {
        auth = finalizeEvent({ kind: 22242, created_at: now(), tags: [['relay', relayUrl], ['challenge', first]], content: '' }, secretKey);
        socket.send(JSON.stringify(['AUTH', auth]));
      } else if (verb === 'OK' && first === auth.id) {
        const tags = [['h', group], ['expiration', String(now() + 86_400)]];
        message = finalizeEvent({ kind: 9, created_at: now(), tags, content: MESSAGE_CONTENT }, secretKey);
        socket.send(JSON.stringify(['EVENT', message]));
      } else if (verb === 'OK' && first === message.id) {
        accepted = second;
        if (full) socket.send(JSON.stringify(['REQ', 'floor', { ids: [message.id], kinds: [9], '#h': [group] }]));
        else socket.close(1000);
      } else if (verb === 'EOSE') {
        socket.send(JSON.stringify(['CLOSE', 'floor']));
        deletion = finalizeEvent({ kind: 5, created_at: now(), tags: [['e', message.id], ['h', group]], content: '' }, secretKey);
        socket.send(JSON.stringify(['EVENT', deletion]));
      } else if (verb === 'OK' && first === deletion?.id) {
        socket.close(1000);
      }
    });
  });
}
