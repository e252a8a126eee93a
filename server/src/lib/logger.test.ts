import { Writable } from 'node:stream';
import { createLogger, maskPhones } from './logger';

describe('phone masking in logs', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['+8613800138000', '+86138****8000'],
    ['86-13800138000', '86-138****8000'],
    ['0086 138 0013 8000', '0086 138****8000'],
    ['tel 138-0013-8000.', 'tel 138****8000.'],
    ['/api?phone=%2B8613800138000', '/api?phone=+86138****8000'],
    ['/api?phone=138%200013%208000&x=1', '/api?phone=138****8000&x=1'],
    ['/api?phone=%2013800138000', '/api?phone= 138****8000'],
    ['/api?phone=%31%33%38%30%30%31%33%38%30%30%30', '/api?phone=138****8000'],
    ['q=0086-138+0013+8000', 'q=0086-138****8000'],
  ])('masks %s', (raw, masked) => {
    expect(maskPhones(raw)).toBe(masked);
  });

  it('leaves longer digit runs (order numbers, timestamps) alone', () => {
    for (const s of ['T1738001380001', '1738000000000', 'id 213800138000']) {
      expect(maskPhones(s)).toBe(s);
    }
  });

  it('masks encoded numbers in log messages before they are written', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    createLogger({ destination: sink }).info('GET /x?m=%2B86%20138%200013%208000');
    expect(lines.join('')).not.toMatch(/0013/);
  });
});
