import { BSON, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;

const FLAG_CHECKSUM = 1 << 0;
const FLAG_MORE_TO_COME = 1 << 1;

/** Bytes a client sent that cannot be a valid message; the connection is answered or dropped. */
export class ProtocolError extends Error {}

export type Incoming =
  | { kind: 'query'; requestId: number; collection: string; query: Document }
  | { kind: 'msg'; requestId: number; body: Document; moreToCome: boolean };

const DESERIALIZE: BSON.DeserializeOptions = { promoteValues: true, promoteBuffers: false };

function readDoc(buf: Buffer, offset: number, end: number): { doc: Document; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid BSON document length');
  if (size > MAX_BSON_OBJECT_SIZE + 16 * 1024) throw new ProtocolError('BSON document too large');
  let doc: Document;
  try {
    doc = BSON.deserialize(buf.subarray(offset, offset + size), DESERIALIZE);
  } catch (err) {
    throw new ProtocolError(`invalid BSON: ${(err as Error).message}`);
  }
  return { doc, next: offset + size };
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated cstring');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parses one complete message (header included). */
export function parseMessage(buf: Buffer): Incoming {
  const length = buf.readInt32LE(0);
  const requestId = buf.readInt32LE(4);
  const opCode = buf.readInt32LE(12);
  if (opCode === OP_QUERY) {
    // flags(4) collection(cstring) skip(4) return(4) query
    const { value: collection, next } = readCString(buf, 20, length);
    const { doc } = readDoc(buf, next + 8, length);
    return { kind: 'query', requestId, collection, query: doc };
  }
  if (opCode !== OP_MSG) throw new ProtocolError(`unsupported opCode ${opCode}`);
  const flags = buf.readUInt32LE(16);
  if (flags & ~(FLAG_CHECKSUM | FLAG_MORE_TO_COME | (1 << 16))) {
    throw new ProtocolError(`unsupported OP_MSG flags ${flags}`);
  }
  const end = flags & FLAG_CHECKSUM ? length - 4 : length;
  let offset = 20;
  let body: Document | undefined;
  const sequences: [string, Document[]][] = [];
  while (offset < end) {
    const kind = buf[offset++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      const r = readDoc(buf, offset, end);
      body = r.doc;
      offset = r.next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const size = buf.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end) throw new ProtocolError('invalid document sequence length');
      const id = readCString(buf, offset + 4, seqEnd);
      const docs: Document[] = [];
      let p = id.next;
      while (p < seqEnd) {
        const r = readDoc(buf, p, seqEnd);
        docs.push(r.doc);
        p = r.next;
      }
      sequences.push([id.value, docs]);
      offset = seqEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [id, docs] of sequences) body[id] = docs;
  return { kind: 'msg', requestId, body, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0 };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

const SERIALIZE: BSON.SerializeOptions = { ignoreUndefined: true };

export function encodeMsg(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc, SERIALIZE);
  const h = header(16 + 4 + 1 + body.length, requestId, responseTo, OP_MSG);
  const pre = Buffer.alloc(5); // flagBits 0, section kind 0
  return Buffer.concat([h, pre, body]);
}

/** An OP_MSG around an already encoded BSON body (given as consecutive parts). */
export function frameMsg(requestId: number, responseTo: number, body: Buffer[]): Buffer[] {
  const len = body.reduce((n, b) => n + b.length, 0);
  return [header(16 + 4 + 1 + len, requestId, responseTo, OP_MSG), Buffer.alloc(5), ...body];
}

/** An OP_REPLY (legacy handshake answer) around an already encoded BSON body. */
export function frameReply(requestId: number, responseTo: number, body: Buffer[]): Buffer[] {
  const len = body.reduce((n, b) => n + b.length, 0);
  return [header(16 + 20 + len, requestId, responseTo, OP_REPLY), replyFields(), ...body];
}

function replyFields(): Buffer {
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(0, 0); // responseFlags
  fields.writeBigInt64LE(0n, 4); // cursorID
  fields.writeInt32LE(0, 12); // startingFrom
  fields.writeInt32LE(1, 16); // numberReturned
  return fields;
}

export function encodeReply(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc, SERIALIZE);
  const h = header(16 + 20 + body.length, requestId, responseTo, OP_REPLY);
  return Buffer.concat([h, replyFields(), body]);
}
