// A reverse proxy that holds every request `latency()` ms before passing it
// on: the bench's stand-in for a network round trip.
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const delay = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** `onFailure` hears each request answered 502, as "METHOD /path: CODE" (no query: it may hold the key). */
export function delayingProxy(target: URL, latency: () => number, onFailure: (line: string) => void = () => {}): Server {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  function forward(req: IncomingMessage, body: Buffer, res: ServerResponse, retried = false) {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the upstream closed as idle just as it was reused:
      // the request never reached it, so send it once more on a fresh socket
      // (Node's documented pattern) instead of failing a sample with a 502.
      if (upstream.reusedSocket && error.code === 'ECONNRESET' && !retried) return forward(req, body, res, true);
      onFailure(`${req.method} ${new URL(req.url ?? '/', target).pathname}: ${error.code ?? error.message}`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  }

  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void delay(latency()).then(() => forward(req, Buffer.concat(chunks), res)));
  });
}
