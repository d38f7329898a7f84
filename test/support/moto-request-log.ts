import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  /** The X-Amz-Target header, e.g. `secretsmanager.GetSecretValue`. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface MotoRequestLog {
  /** http://127.0.0.1:<port>: point AWS_ENDPOINT_URL here instead of at moto. */
  readonly endpoint: string;
  readonly requests: LoggedRequest[];
  count(target: string): number;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of moto that records every AWS request it forwards: how the tests see which calls
 * the bundled handler made (a warm run makes no GetSecretValue) and what it sent (no key in any metric).
 */
export async function logRequestsTo(motoEndpoint: string): Promise<MotoRequestLog> {
  const upstream = new URL(motoEndpoint);
  const requests: LoggedRequest[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ target: String(incoming.headers['x-amz-target'] ?? ''), headers: incoming.headers, body: body.toString('utf8') });
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on('error', (error) => outgoing.destroy(error));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    count: (target) => requests.filter((logged) => logged.target === target).length,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
