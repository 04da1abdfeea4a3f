import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does with one request. */
export type Fault =
  | { readonly kind: 'pass' }
  /** Accept the request and never answer (a hung registry). */
  | { readonly kind: 'hang' }
  /** Answer with this status and body instead of forwarding, once the request body is read. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: string }
  /** Drop the connection without an answer. */
  | { readonly kind: 'close' };

export type FaultRule = (request: { readonly method: string; readonly url: string }) => Fault;

/**
 * An HTTP proxy on loopback in front of a real registry that injects faults per request
 * (hang, a status, a dropped connection). Docker talks plain HTTP to loopback registries, so
 * pointing a registry name at the proxy's address puts every push, pull and read through it.
 */
export interface FaultProxy {
  /** host:port to use as the registry address. */
  readonly url: string;
  /** Requests seen so far (method and path), for assertions. */
  readonly seen: { method: string; url: string; fault: Fault['kind'] }[];
  setRule(rule: FaultRule): void;
  /** Drops the connections of hung requests, as a registry that restarts does. */
  dropHung(): void;
  close(): Promise<void>;
}

export const passAll: FaultRule = () => ({ kind: 'pass' });

export async function startFaultProxy(upstream: string, rule: FaultRule = passAll): Promise<FaultProxy> {
  let current = rule;
  const seen: FaultProxy['seen'] = [];
  const sockets = new Set<Socket>();
  const hung = new Set<Socket>();
  const upstreamRequests = new Set<http.ClientRequest>();
  const [upstreamHost, upstreamPort] = upstream.split(':');
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const fault = current({ method: req.method ?? 'GET', url: req.url ?? '/' });
    seen.push({ method: req.method ?? 'GET', url: req.url ?? '/', fault: fault.kind });
    if (fault.kind === 'hang') {
      hung.add(req.socket);
      return;
    }
    if (fault.kind === 'close') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'status') {
      // The answer waits for the whole request body: answering mid-upload makes the client see a
      // broken pipe instead of the status, and which one it sees would depend on timing.
      req.on('end', () => {
        res.writeHead(fault.status, { 'Content-Type': 'application/json' });
        res.end(fault.body ?? JSON.stringify({ errors: [{ code: 'UNKNOWN', message: `injected ${fault.status}` }] }));
      });
      req.resume();
      return;
    }
    const forward = http.request(
      {
        host: upstreamHost,
        port: Number(upstreamPort),
        method: req.method,
        path: req.url,
        // No keep-alive pool: closing the proxy must leave no socket open.
        agent: false,
        // Host is kept: the registry builds upload URLs from it, so they point back at the proxy.
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstreamRequests.add(forward);
    forward.on('close', () => upstreamRequests.delete(forward));
    forward.on('error', () => res.destroy());
    // A client that goes away (a push stopped at its deadline) ends the upstream request too:
    // otherwise the registry waits for the rest of an upload, holding the socket open.
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `127.0.0.1:${port}`,
    seen,
    setRule: (next) => {
      current = next;
    },
    dropHung: () => {
      for (const socket of hung) socket.destroy();
      hung.clear();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      for (const request of upstreamRequests) request.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
