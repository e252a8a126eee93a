import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeResponse {
  status?: number;
  contentType?: string;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body: Buffer | string | object;
  headers?: Record<string, string>;
}

export type FakeHandler = (req: FakeRequest) => Promise<FakeResponse> | FakeResponse;

const MAX_BODY = 2 * 1024 * 1024;

/** A plain node HTTP server bound to 127.0.0.1 on a random port: the transport of every fake. */
export class LoopbackServer {
  private server: http.Server | undefined;
  private baseUrl: string | undefined;

  constructor(private readonly handler: FakeHandler) {}

  get url(): string {
    if (!this.baseUrl) throw new Error('fake server not started');
    return this.baseUrl;
  }

  async start(port = 0): Promise<string> {
    if (this.baseUrl) return this.baseUrl;
    const server = http.createServer((req, res) => {
      this.serve(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e instanceof Error ? e.message : e));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.baseUrl = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) {
        res.statusCode = 413;
        res.end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const out = await this.handler({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    });
    const isRaw = Buffer.isBuffer(out.body) || typeof out.body === 'string';
    const payload = isRaw ? (out.body as Buffer | string) : JSON.stringify(out.body);
    res.statusCode = out.status ?? 200;
    res.setHeader(
      'Content-Type',
      out.contentType ?? (isRaw ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
    );
    for (const [name, value] of Object.entries(out.headers ?? {})) res.setHeader(name, value);
    res.end(payload);
  }
}

/** Parses a JSON request body; `undefined` when it is not a JSON object (Tencent answers 47001). */
export function jsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
