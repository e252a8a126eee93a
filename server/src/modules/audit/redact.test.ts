import { Types } from 'mongoose';
import { redactSnapshot } from './redact';

describe('redactSnapshot', () => {
  it('removes secrets at any depth and masks phone numbers inside text', () => {
    const out = redactSnapshot({
      username: 'ops1',
      passwordHash: '$2b$10$abcdefghijklmnopqrstuv',
      nested: { clientSecret: 's3cr3t', note: '客户电话 +8613812345678 已回访', token: 't' },
      list: [{ password: 'x' }, '13900001111'],
    });
    expect(out).toEqual({
      username: 'ops1',
      passwordHash: '[redacted]',
      nested: {
        clientSecret: '[redacted]',
        note: '客户电话 +86138****5678 已回访',
        token: '[redacted]',
      },
      list: [{ password: '[redacted]' }, '139****1111'],
    });
  });

  it('stores dates as ISO strings, ObjectIds as hex, and drops undefined fields', () => {
    const id = new Types.ObjectId();
    const at = new Date('2025-01-02T03:04:05.000Z');
    expect(redactSnapshot({ id, at, gone: undefined, n: 0, ok: false })).toEqual({
      id: id.toHexString(),
      at: '2025-01-02T03:04:05.000Z',
      n: 0,
      ok: false,
    });
    expect(redactSnapshot(undefined)).toBeNull();
  });

  it('cuts very deep structures instead of recursing without end', () => {
    type Deep = { next?: Deep };
    const root: Deep = {};
    let cur = root;
    for (let i = 0; i < 10; i++) {
      cur.next = {};
      cur = cur.next;
    }
    expect(JSON.stringify(redactSnapshot(root))).toContain('[truncated]');
  });
});
