import { createCipheriv, randomBytes } from 'node:crypto';
import { buildFlatXml, parseFlatXml } from './callback-xml';
import { WeComCrypto, WeComCryptoError, wecomSignature } from './crypto';

const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP_ID = 'wwcorp0000000001';
const TOKEN = 'QDG6eK';
const crypto = new WeComCrypto({ token: TOKEN, encodingAesKey: AES_KEY, receiveId: CORP_ID });

/** Encrypts the way a sloppy sender would: Node's default 16-byte PKCS#7. */
function encrypt16(message: string, receiveId = CORP_ID): string {
  const key = Buffer.from(`${AES_KEY}=`, 'base64');
  const msg = Buffer.from(message);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(receiveId)]);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WeComCryptoError) return e.reason;
    throw e;
  }
  return undefined;
}

describe('WeCom callback crypto', () => {
  it('round-trips messages of every length through the 32-byte padding', () => {
    for (let n = 0; n < 70; n++) {
      const msg = `<xml>${'测'.repeat(n % 7)}${'x'.repeat(n)}</xml>`;
      const enc = crypto.encrypt(msg);
      expect(Buffer.from(enc, 'base64').length % 32).toBe(0);
      expect(crypto.decrypt(enc)).toBe(msg);
    }
  });

  it('opens a sealed envelope and verifies the URL echo', () => {
    const inner = buildFlatXml({ ToUserName: CORP_ID, CreateTime: 1700000000, Event: 'x' });
    const { xml, query } = crypto.sealEnvelope(inner, { agentId: 1000002 });
    expect(parseFlatXml(xml)).toMatchObject({ ToUserName: CORP_ID, AgentID: '1000002' });
    expect(crypto.openEnvelope(query, xml)).toBe(inner);

    const echostr = crypto.encrypt('1616140317555161061');
    const sig = wecomSignature(TOKEN, '1409659589', '263014780', echostr);
    expect(
      crypto.verifyUrl({ msgSignature: sig, timestamp: '1409659589', nonce: '263014780' }, echostr),
    ).toBe('1616140317555161061');
  });

  it('rejects a forged signature', () => {
    const { xml, query } = crypto.sealEnvelope('<xml></xml>');
    const forged = {
      ...query,
      msgSignature: wecomSignature(
        'wrong-token',
        query.timestamp,
        query.nonce,
        parseFlatXml(xml).Encrypt!,
      ),
    };
    expect(reasonOf(() => crypto.openEnvelope(forged, xml))).toBe('signature');
    expect(reasonOf(() => crypto.openEnvelope({ ...query, nonce: 'other' }, xml))).toBe(
      'signature',
    );
  });

  it('rejects a message addressed to another receiveid', () => {
    const other = new WeComCrypto({ token: TOKEN, encodingAesKey: AES_KEY, receiveId: 'wwOTHER' });
    expect(reasonOf(() => crypto.decrypt(other.encrypt('<xml></xml>')))).toBe('receiveid');
  });

  it('rejects a message padded to 16 bytes only', () => {
    // 16 random + 4 length + 4 message + 16 corp id = 40 bytes: 16-byte padding gives 48, not 64.
    const msg = 'ping';
    expect((20 + msg.length + CORP_ID.length) % 32).toBeLessThan(16);
    expect(reasonOf(() => crypto.decrypt(encrypt16(msg)))).toBe('padding');
  });

  it('rejects corrupted padding bytes and a lying length prefix', () => {
    const key = Buffer.from(`${AES_KEY}=`, 'base64');
    const seal = (plain: Buffer) => {
      const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
      c.setAutoPadding(false);
      return Buffer.concat([c.update(plain), c.final()]).toString('base64');
    };
    const badPad = Buffer.alloc(64, 7);
    badPad[63] = 5; // claims 5 pad bytes, but they are 7,7,7,7,5
    badPad[62] = 7;
    expect(reasonOf(() => crypto.decrypt(seal(badPad)))).toBe('padding');

    // Claims a 256-byte message, but only 12 bytes follow before a full 32-byte padding block.
    const lying = Buffer.concat([
      randomBytes(16),
      Buffer.from([0, 0, 1, 0]),
      Buffer.alloc(12, 65),
      Buffer.alloc(32, 32),
    ]);
    expect(reasonOf(() => crypto.decrypt(seal(lying)))).toBe('length');
  });

  it('refuses an EncodingAESKey of the wrong size', () => {
    expect(
      () => new WeComCrypto({ token: 't', encodingAesKey: 'short', receiveId: 'x' }),
    ).toThrow();
  });
});

describe('flat callback XML', () => {
  it('parses CDATA and plain values and survives "]]>" inside values', () => {
    const xml = buildFlatXml({ A: 'x]]>y', B: 42, C: '<tag>&' });
    expect(parseFlatXml(xml)).toEqual({ A: 'x]]>y', B: '42', C: '<tag>&' });
    expect(parseFlatXml('<xml><A>1 &amp; 2</A></xml>')).toEqual({ A: '1 & 2' });
  });

  it('throws on XML that is not a flat WeCom document', () => {
    expect(() => parseFlatXml('<root><A>1</A></root>')).toThrow();
    expect(() => parseFlatXml('<xml><A><B>1</B></A></xml>')).toThrow();
  });
});
