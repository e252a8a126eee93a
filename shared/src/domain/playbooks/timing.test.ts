import { beijingInstant, beijingParts } from '../time/beijing';
import { playbookDefinition, playbookSettings } from './definition';
import { PLAYBOOK_TEMPLATES } from './templates';
import { afterQuietHours, inQuietHours, nextAllowedTouch, nextWeekdayHour } from './timing';

const quiet = { quietStartHour: 21, quietEndHour: 9 };
const at = (d: number, h: number, m = 0) => beijingInstant(2026, 12, d, h, m);
const DAY = 86_400_000;

describe('quiet hours (Beijing time)', () => {
  it.each([
    [at(3, 20, 59), false],
    [at(3, 21, 0), true],
    [at(4, 0, 30), true],
    [at(4, 8, 59), true],
    [at(4, 9, 0), false],
  ])('%s quiet: %s', (when, expected) => {
    expect(inQuietHours(when, quiet)).toBe(expected);
  });

  it('moves a message at 22:00 to 09:00 the next day, and one at 02:00 to 09:00 the same day', () => {
    expect(afterQuietHours(at(3, 22), quiet)).toEqual(at(4, 9));
    expect(afterQuietHours(at(4, 2), quiet)).toEqual(at(4, 9));
    expect(afterQuietHours(at(4, 15), quiet)).toEqual(at(4, 15));
  });

  it('handles a window inside one day and an empty one', () => {
    expect(afterQuietHours(at(4, 13), { quietStartHour: 12, quietEndHour: 14 })).toEqual(at(4, 14));
    expect(inQuietHours(at(4, 3), { quietStartHour: 0, quietEndHour: 0 })).toBe(false);
  });
});

describe('nextWeekdayHour', () => {
  it('finds Saturday 10:00 from a Thursday, and the same instant when it already is', () => {
    // 2026-12-03 is a Thursday.
    expect(beijingParts(at(3, 12)).weekday).toBe(4);
    expect(nextWeekdayHour(at(3, 12), 6, 10)).toEqual(at(5, 10));
    expect(nextWeekdayHour(at(5, 10), 6, 10)).toEqual(at(5, 10));
    expect(nextWeekdayHour(at(5, 10, 1), 6, 10)).toEqual(at(12, 10));
    expect(nextWeekdayHour(at(3, 12), 4, 9)).toEqual(at(10, 9));
  });
});

describe('nextAllowedTouch (caps over sliding windows)', () => {
  const caps = { maxTouches7d: 2, maxTouches30d: 3 };
  it('allows touches under the caps now', () => {
    expect(nextAllowedTouch(at(10, 12), [at(9, 12)], caps)).toEqual(at(10, 12));
  });
  it('waits until the oldest touch of a full 7-day window leaves it', () => {
    const touches = [at(3, 9), at(5, 9)];
    expect(nextAllowedTouch(at(6, 9), touches, caps).getTime()).toBe(
      at(3, 9).getTime() + 7 * DAY + 1,
    );
  });
  it('applies the 30-day cap on top', () => {
    const touches = [at(1, 9), at(10, 9), at(20, 9)];
    expect(nextAllowedTouch(at(25, 9), touches, caps).getTime()).toBe(
      at(1, 9).getTime() + 30 * DAY + 1,
    );
  });
});

describe('definitions', () => {
  it('every built-in template is a valid definition', () => {
    for (const t of PLAYBOOK_TEMPLATES)
      expect(() => playbookDefinition.parse(t.definition)).not.toThrow();
  });
  it('refuses a backward branch with its path', () => {
    const res = playbookDefinition.safeParse({
      name: 'x',
      trigger: { type: 'one_off', circleId: 'c' },
      steps: [
        { type: 'wait', days: 1 },
        { type: 'branch', condition: { kind: 'purchased_since_start' }, yes: 1, no: 3 },
      ],
    });
    expect(res.success).toBe(false);
    expect(res.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps.1.yes']);
  });
  it('defaults the caps to 2 per 7 days, 4 per 30 days, quiet 21:00–09:00', () => {
    expect(playbookSettings.parse({})).toEqual({
      maxTouches7d: 2,
      maxTouches30d: 4,
      quietStartHour: 21,
      quietEndHour: 9,
    });
  });
});
