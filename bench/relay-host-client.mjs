/** The bench's side of bench/relay-host.mjs: one child process, commands as awaitable calls. */
import { fork } from 'node:child_process';

export async function startRelayHost() {
  const child = fork(new URL('./relay-host.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  child.on('message', ({ id, result, error }) => {
    const { resolve, reject } = pending.get(id);
    pending.delete(id);
    if (error === undefined) resolve(result);
    else reject(new Error(`relay host: ${error}`));
  });
  child.on('exit', (code) => {
    for (const { reject } of pending.values()) reject(new Error(`relay host exited (code ${code})`));
    pending.clear();
  });
  const call = (command, args = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, command, ...args });
    });
  return {
    /** Starts relays whose closed groups have `member` as a plain member; resolves with their URLs. */
    start: (count, groups, member) => call('start', { count, groups, member }),
    faults: (url, faults, coldGroups) => call('faults', { url, faults, coldGroups }),
    forgetEvents: (url) => call('forgetEvents', { url }),
    openConnections: () => call('openConnections'),
    stopAll: () => call('stopAll'),
    async close() {
      await call('stopAll');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
