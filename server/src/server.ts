import http from 'node:http';
import type Koa from 'koa';
import type { Logger } from './lib/logger';

export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes sockets. */
  shutdown(graceMs?: number): Promise<void>;
}

export class PortInUseError extends Error {}

export async function listen(
  app: Koa,
  port: number,
  host: string,
  logger: Logger,
): Promise<RunningServer> {
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(
          new PortInUseError(`Port ${port} on ${host} is already in use; set PORT to a free port`),
        );
      else if (err.code === 'EACCES')
        reject(new PortInUseError(`No permission to listen on port ${port}; set PORT above 1023`));
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;

  let closing: Promise<void> | undefined;
  const shutdown = (graceMs = 10_000) => {
    closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        logger.warn('grace period over; closing remaining connections');
        server.closeAllConnections();
      }, graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      // Idle keep-alive sockets would otherwise hold close() open until they time out.
      server.closeIdleConnections();
    });
    return closing;
  };
  return { server, port: actualPort, shutdown };
}
