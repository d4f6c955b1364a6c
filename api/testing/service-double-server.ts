import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceDouble } from '../ports/outbound-http.suite.ts';

export interface ServiceDoubleServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a service double on a loopback port, for an adapter that reaches local doubles over a
 * socket (the Node adapter's devHosts). The double sees the URL as the caller wrote it: the
 * adapter sends the real host name in Host, and the double is one of the https services it fakes.
 */
export async function serveServiceDouble(service: ServiceDouble): Promise<ServiceDoubleServer> {
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      const method = req.method ?? 'GET';
      const body = chunks.length > 0 && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : null;
      const answer = await service(
        new Request(`https://${req.headers.host ?? 'unknown.invalid'}${req.url ?? '/'}`, {
          method,
          headers,
          body,
        }),
      );
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`service double failed: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
