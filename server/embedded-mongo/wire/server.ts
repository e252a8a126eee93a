import net from 'node:net';
import type { Document } from 'bson';
import {
  encodeMsg,
  encodeReply,
  frameMsg,
  frameReply,
  type Incoming,
  MAX_MESSAGE_SIZE,
  OP_MSG,
  OP_QUERY,
  ProtocolError,
  parseMessage,
} from './protocol';

const SINGLE_WRITE_MAX = 256 * 1024;

export interface Logger {
  info(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
}

export interface ConnectionInfo {
  id: number;
  /** `client.application.name` from the handshake, for fail points scoped by appName. */
  appName?: string;
}

/** Set on a reply to drop the connection instead of answering (a fail point's closeConnection). */
export const CLOSE_CONNECTION: unique symbol = Symbol('closeConnection');

/**
 * Set on a reply whose BSON body is already encoded (large cursor batches are encoded in
 * slices so the event loop is never held for long); the value is the body's parts in order.
 */
export const RAW_REPLY: unique symbol = Symbol('rawReply');

/** Per-command counts and server-side time (parse → reply written), for the benchmark. */
export type CommandStats = Map<string, { count: number; totalNs: bigint }>;

/** Runs one command; resolves to the reply document (ignored for moreToCome messages). */
export type CommandRunner = (msg: Incoming, conn: ConnectionInfo) => Promise<Document>;

// A message may exceed maxMessageSizeBytes by its header and framing only.
const MAX_FRAME = MAX_MESSAGE_SIZE + 64 * 1024;

let nextRequestId = 1;

/** A TCP server speaking the MongoDB wire protocol; one message at a time per connection. */
export class WireServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private connectionIds = 0;

  constructor(
    private readonly run: CommandRunner,
    private readonly logger: Logger,
    readonly stats: CommandStats = new Map(),
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        // e.g. EMFILE on accept: log it, keep serving the connections we have
        this.server.on('error', (err) => this.logger.error(err, 'embedded-mongo: listener error'));
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const conn: ConnectionInfo = { id: ++this.connectionIds };
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let busy = false;
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());

    const take = (): Buffer | undefined => {
      if (pendingBytes < 4) return undefined;
      if (pending[0].length < 4) pending = [Buffer.concat(pending)];
      const length = pending[0].readInt32LE(0);
      if (length < 16 || length > MAX_FRAME) {
        this.logger.warn(
          `embedded-mongo: closing connection ${conn.id}: bad message length ${length}`,
        );
        socket.destroy();
        return undefined;
      }
      // join chunks only once the whole message is here (joining per chunk is quadratic)
      if (pendingBytes < length) return undefined;
      if (pending.length > 1) pending = [Buffer.concat(pending, pendingBytes)];
      const buf = pending[0];
      const msg = buf.subarray(0, length);
      const rest = buf.subarray(length);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
      return msg;
    };

    const pump = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      try {
        for (let frame = take(); frame && !socket.destroyed; frame = take()) {
          await this.handle(frame, socket, conn);
        }
      } finally {
        busy = false;
      }
    };

    socket.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      pump().catch((err) => {
        this.logger.error(err, 'embedded-mongo: connection failure');
        socket.destroy();
      });
    });
  }

  private async handle(frame: Buffer, socket: net.Socket, conn: ConnectionInfo): Promise<void> {
    const requestId = frame.readInt32LE(4);
    const opCode = frame.readInt32LE(12);
    let msg: Incoming;
    try {
      msg = parseMessage(frame);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      if (opCode !== OP_MSG && opCode !== OP_QUERY) {
        // no reply format we could use (e.g. OP_COMPRESSED, which we never advertise)
        socket.destroy();
        return;
      }
      const reply = { ok: 0, errmsg: err.message, code: 2, codeName: 'BadValue' };
      this.write(socket, opCode, requestId, reply);
      return;
    }
    const started = process.hrtime.bigint();
    const reply = await this.run(msg, conn);
    if ((reply as { [CLOSE_CONNECTION]?: boolean })[CLOSE_CONNECTION]) {
      socket.destroy();
      return;
    }
    if (!(msg.kind === 'msg' && msg.moreToCome)) {
      this.write(socket, msg.kind === 'query' ? OP_QUERY : OP_MSG, requestId, reply);
    }
    const body = msg.kind === 'query' ? msg.query : msg.body;
    const name = Object.keys(body)[0] ?? '?';
    // command names come from clients: keep the table bounded
    if (!this.stats.has(name) && this.stats.size >= 256) return;
    const stat = this.stats.get(name) ?? { count: 0, totalNs: 0n };
    stat.count++;
    stat.totalNs += process.hrtime.bigint() - started;
    this.stats.set(name, stat);
  }

  private write(socket: net.Socket, opCode: number, responseTo: number, reply: Document): void {
    if (socket.destroyed) return;
    const id = nextRequestId++ & 0x7fffffff;
    const raw = (reply as { [RAW_REPLY]?: Buffer[] })[RAW_REPLY];
    if (raw) {
      const parts = (opCode === OP_QUERY ? frameReply : frameMsg)(id, responseTo, raw);
      let size = 0;
      for (const p of parts) size += p.length;
      // Most replies are small: one copy and one write beat a writev of many small parts.
      if (size <= SINGLE_WRITE_MAX) {
        socket.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
        return;
      }
      socket.cork();
      for (const p of parts) socket.write(p);
      socket.uncork();
      return;
    }
    const encode = opCode === OP_QUERY ? encodeReply : encodeMsg;
    let buf: Buffer;
    try {
      buf = encode(id, responseTo, reply);
    } catch (err) {
      // e.g. a reply document over the BSON size limit
      buf = encode(id, responseTo, {
        ok: 0,
        errmsg: `reply could not be encoded: ${(err as Error).message}`,
        code: 10334,
        codeName: 'BSONObjectTooLarge',
      });
    }
    socket.write(buf);
  }
}
