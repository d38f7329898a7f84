import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StallingEndpoint {
  readonly endpoint: string;
  /** Headers of every request received (and never answered). */
  readonly requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** An HTTP endpoint on loopback that reads each request and never answers it: a hung AWS API. */
export async function stallingEndpoint(): Promise<StallingEndpoint> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((incoming) => {
    requests.push(incoming.headers);
    incoming.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
