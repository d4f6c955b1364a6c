import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServiceHit {
  url: string;
  body: string;
}

export interface HeldService {
  port: number;
  /** Every request received, in order. */
  hits: ServiceHit[];
  /** From now on `/slow` answers at once (requests held so far are answered too). */
  release(): void;
  close(): Promise<void>;
}

/**
 * A stand-in for an outside API whose `/slow` endpoint holds each request open until released:
 * a workflow step that calls it stays in the middle of its run for as long as the test wants.
 */
export async function startHeldService(): Promise<HeldService> {
  const hits: ServiceHit[] = [];
  const held: ServerResponse[] = [];
  let released = false;
  const answer = (res: ServerResponse) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      hits.push({ url: req.url ?? '', body });
      if (!req.url?.startsWith('/slow')) return answer(res);
      if (released) return answer(res);
      held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    release() {
      released = true;
      for (const res of held.splice(0)) answer(res);
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of held.splice(0)) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
