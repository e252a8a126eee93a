import { requirePorts } from './ports';

describe('requirePorts', () => {
  it('stops start-up naming every missing port', () => {
    const ports = { perks: undefined, tags: null, points: {} } as Record<string, unknown>;
    expect(() => requirePorts('points', ports, ['perks', 'tags', 'points'])).toThrow(
      'points: missing port(s) perks, tags',
    );
  });

  it('passes complete ports through', () => {
    const ports = { perks: {}, tags: {} };
    expect(requirePorts('points', ports, ['perks', 'tags'])).toBe(ports);
  });
});
