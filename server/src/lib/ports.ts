/**
 * Ports are constructor arguments: a module that is built without one it needs must stop
 * start-up, not skip a reward or answer an empty report later. The types already require
 * them; this catches a composition root that passes `undefined` through a cast or JS caller.
 */
export function requirePorts<T extends object>(module: string, ports: T, names: (keyof T)[]): T {
  const missing = names.filter((n) => ports[n] === undefined || ports[n] === null);
  if (missing.length > 0) {
    throw new Error(`${module}: missing port(s) ${missing.map(String).join(', ')}`);
  }
  return ports;
}
