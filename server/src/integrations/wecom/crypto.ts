import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { AppError } from '../../lib/errors';
import { buildFlatXml, parseFlatXml } from './callback-xml';

/** WeCom pads to 32-byte blocks (PKCS#7 with k = 32), not AES's 16. */
const BLOCK = 32;

export type WeComCryptoFailure =
  | 'signature'
  | 'envelope'
  | 'ciphertext'
  | 'padding'
  | 'length'
  | 'receiveid';

/** A callback that is not authentic or not for us. Answers 401 SIGNATURE_INVALID. */
export class WeComCryptoError extends AppError {
  constructor(
    readonly reason: WeComCryptoFailure,
    message: string,
  ) {
    super('unauthorized', 'SIGNATURE_INVALID', message, { reason });
    this.name = 'WeComCryptoError';
  }
}

export interface WeComCryptoOptions {
  /** The callback Token configured in the WeCom console. */
  token: string;
  /** The 43-character EncodingAESKey. */
  encodingAesKey: string;
  /** CorpID for a self-built app: decrypted messages must end with it. */
  receiveId: string;
}

export interface CallbackQuery {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string) {
  return createHash('sha1')
    .update([token, timestamp, nonce, encrypt].sort().join(''))
    .digest('hex');
}

/** The WeCom callback cipher (WXBizMsgCrypt): signature, AES-256-CBC, 32-byte PKCS#7. */
export class WeComCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(private readonly opts: WeComCryptoOptions) {
    this.key = Buffer.from(`${opts.encodingAesKey}=`, 'base64');
    if (opts.encodingAesKey.length !== 43 || this.key.length !== 32) {
      throw new Error('EncodingAESKey must be 43 base64 characters (32 bytes)');
    }
    this.iv = this.key.subarray(0, 16);
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return wecomSignature(this.opts.token, timestamp, nonce, encrypt);
  }

  verifySignature(q: CallbackQuery, encrypt: string): void {
    const expected = Buffer.from(this.signature(q.timestamp, q.nonce, encrypt), 'utf8');
    const given = Buffer.from(q.msgSignature.toLowerCase(), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WeComCryptoError('signature', 'msg_signature does not match');
    }
  }

  /** Decrypts `Encrypt`, strictly: 32-byte padding, sane length prefix, our receiveid. */
  decrypt(encrypt: string): string {
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % BLOCK !== 0) {
      // A 16-byte-padded message lands here whenever its 16-byte padding differs from the
      // 32-byte one; when the two coincide the bytes are identical and it is valid anyway.
      throw new WeComCryptoError('padding', `ciphertext is not a multiple of ${BLOCK} bytes`);
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      throw new WeComCryptoError('ciphertext', 'ciphertext cannot be decrypted');
    }
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK || plain.length < pad) {
      throw new WeComCryptoError('padding', 'invalid PKCS#7 padding');
    }
    for (let i = plain.length - pad; i < plain.length; i++) {
      if (plain[i] !== pad) throw new WeComCryptoError('padding', 'invalid PKCS#7 padding');
    }
    const content = plain.subarray(16, plain.length - pad); // skip the 16 random bytes
    if (content.length < 4) throw new WeComCryptoError('length', 'message too short');
    const msgLen = content.readUInt32BE(0);
    if (msgLen > content.length - 4) throw new WeComCryptoError('length', 'bad length prefix');
    const receiveId = content.subarray(4 + msgLen).toString('utf8');
    if (receiveId !== this.opts.receiveId) {
      throw new WeComCryptoError('receiveid', 'message is addressed to another receiver');
    }
    return content.subarray(4, 4 + msgLen).toString('utf8');
  }

  /** Encrypts like WeCom does (the fake uses this to send callbacks). */
  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const body = Buffer.concat([random, len, msg, Buffer.from(this.opts.receiveId, 'utf8')]);
    const pad = BLOCK - (body.length % BLOCK);
    const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  }

  /** URL verification (GET): checks the signature over echostr and returns the bare plaintext. */
  verifyUrl(q: CallbackQuery, echostr: string): string {
    this.verifySignature(q, echostr);
    return this.decrypt(echostr);
  }

  /** Opens a POSTed envelope: signature over `Encrypt`, then decrypt. Returns the inner XML. */
  openEnvelope(q: CallbackQuery, xmlBody: string): string {
    let encrypt: string | undefined;
    try {
      encrypt = parseFlatXml(xmlBody).Encrypt;
    } catch {
      encrypt = undefined;
    }
    if (!encrypt) throw new WeComCryptoError('envelope', 'callback body has no Encrypt element');
    this.verifySignature(q, encrypt);
    return this.decrypt(encrypt);
  }

  /** Builds a POST envelope and its query, as WeCom sends them. */
  sealEnvelope(
    message: string,
    opts: { agentId?: string | number; timestamp?: string; nonce?: string } = {},
  ): { xml: string; query: CallbackQuery } {
    const encrypt = this.encrypt(message);
    const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? String(randomBytes(5).readUIntBE(0, 5));
    const xml = buildFlatXml({
      ToUserName: this.opts.receiveId,
      AgentID: opts.agentId === undefined ? undefined : String(opts.agentId),
      Encrypt: encrypt,
    });
    return {
      xml,
      query: { msgSignature: this.signature(timestamp, nonce, encrypt), timestamp, nonce },
    };
  }
}
