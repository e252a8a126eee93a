import net from 'node:net';
import { BSON } from 'bson';
import { openSuite, type Suite } from './helpers';

let s: Suite;
let host: string;
let port: number;
beforeAll(async () => {
  s = await openSuite();
  const u = new URL(s.uri.replace(/^mongodb:/, 'http:'));
  host = u.hostname;
  port = Number(u.port || 27017);
});
afterAll(() => s.stop());

function opMsg(body: object, flags = 0, requestId = 1): Buffer {
  const doc = Buffer.from(BSON.serialize(body));
  const head = Buffer.alloc(21);
  head.writeInt32LE(21 + doc.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(0, 8);
  head.writeInt32LE(2013, 12);
  head.writeUInt32LE(flags, 16);
  head[20] = 0;
  return Buffer.concat([head, doc]);
}

/** Sends raw bytes; resolves with the first reply body, or 'closed' if the server hung up. */
function exchange(bytes: Buffer, waitMs = 1500): Promise<BSON.Document | 'closed' | 'silent'> {
  return new Promise((resolve) => {
    const sock = net.connect(port, host);
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      resolve('silent');
    }, waitMs);
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        clearTimeout(timer);
        sock.destroy();
        const opCode = buf.readInt32LE(12);
        const bodyAt = opCode === 2013 ? 21 : 36;
        resolve(BSON.deserialize(buf.subarray(bodyAt)));
      }
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

async function stillServing(): Promise<void> {
  const reply = await exchange(opMsg({ ping: 1, $db: 'admin' }));
  expect(reply).toMatchObject({ ok: 1 });
}

describe('wire protocol', () => {
  it('answers OP_MSG hello with the handshake fields the driver needs', async () => {
    const reply = await exchange(opMsg({ hello: 1, $db: 'admin' }));
    expect(reply).toMatchObject({
      isWritablePrimary: true,
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      ok: 1,
    });
    expect((reply as BSON.Document).maxWireVersion).toBeGreaterThanOrEqual(9);
  });

  it('sends no reply to a moreToCome message', async () => {
    const reply = await exchange(opMsg({ ping: 1, $db: 'admin' }, 2), 500);
    expect(reply).toBe('silent');
  });

  it('survives a message with a corrupt BSON body', async () => {
    const msg = opMsg({ ping: 1, $db: 'admin' });
    msg.writeInt32LE(9999, 21); // BSON length beyond the message
    const reply = await exchange(msg);
    if (reply !== 'closed') expect(reply).toMatchObject({ ok: 0 });
    await stillServing();
  });

  it('drops a connection announcing an oversize message', async () => {
    const head = Buffer.alloc(16);
    head.writeInt32LE(200_000_000, 0);
    head.writeInt32LE(2013, 12);
    expect(await exchange(head)).toBe('closed');
    await stillServing();
  });

  it('drops a connection sending a length below the header size', async () => {
    const head = Buffer.alloc(16);
    head.writeInt32LE(3, 0);
    expect(await exchange(head)).toBe('closed');
    await stillServing();
  });

  it('survives an unknown opcode and random bytes', async () => {
    const head = Buffer.alloc(32, 7);
    head.writeInt32LE(32, 0);
    head.writeInt32LE(4242, 12);
    const reply = await exchange(head);
    expect(reply === 'closed' || (reply as BSON.Document).ok === 0).toBe(true);
    await stillServing();
  });
});
