import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The house rule, checked on every `npm test`: a module's models and internals are private.
 * Another module may import only its `index.ts` (`../perks`, never `../perks/perks.model` or
 * `../perks/perks.service`), and never reaches into a service's models (`.m`, `Model`).
 */
const MODULES = __dirname;
const IMPORT = /(?:import|export)\s[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;
const FOREIGN_MODELS = /(?:\b(?!this\b)[a-z]\w*|\bthis\.\w+)\.m\b(?![\w(])/g;

/**
 * Sub-services of one module may share its models: `this.catalog.m` is fine in a file whose
 * `catalog` is typed with a class imported from the same folder (`./catalog.service`).
 */
function ownService(text: string, access: string): boolean {
  const holder = access.replace(/^this\./, '').replace(/\.m$/, '');
  for (const typed of text.matchAll(new RegExp(`\\b${holder}\\??: (\\w+)`, 'g'))) {
    const from = new RegExp(`import[^;]*\\b${typed[1]}\\b[^;]*from '(\\.[^']+)'`).exec(text);
    if (from?.[1]?.startsWith('./')) return true;
  }
  return false;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const moduleOf = (file: string): string | null => {
  const rel = path.relative(MODULES, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : null;
};

export function boundaryViolations(): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(MODULES)) {
    const own = moduleOf(file);
    const text = readFileSync(file, 'utf8');
    const where = path.relative(MODULES, file);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(MODULES + path.sep)) continue;
      const other = moduleOf(`${target}.ts`);
      if (!other || other === own) continue;
      const rest = path.relative(path.join(MODULES, other), target);
      if (rest !== '' && rest !== 'index') out.push(`${where}: imports ${spec} (use ../${other})`);
    }
    if (own) {
      for (const m of text.matchAll(FOREIGN_MODELS)) {
        if (!ownService(text, m[0])) out.push(`${where}: reaches into models with '${m[0]}'`);
      }
    }
  }
  return out;
}

describe('module boundaries', () => {
  it('modules import each other only through index.ts and never touch foreign models', () => {
    expect(boundaryViolations()).toEqual([]);
  });

  it('catches a deep import and a foreign model access', () => {
    const probe = (text: string) => [...text.matchAll(FOREIGN_MODELS)].map((m) => m[0]);
    expect(probe('await this.members.m.Member.find({})')).toEqual(['this.members.m']);
    expect(probe('const x = spine.members.m.Member')).toEqual(['members.m']);
    expect(probe('const { Order } = c.services.orders.m;')).toEqual(['orders.m']);
    expect(probe('await this.m.Order.find({})')).toEqual([]);
    const own =
      "import type { CatalogService } from './catalog.service';\nprivate readonly catalog: CatalogService";
    expect(ownService(own, 'this.catalog.m')).toBe(true);
    const foreign =
      "import type { MembersService } from '../members';\nprivate readonly members: MembersService";
    expect(ownService(foreign, 'this.members.m')).toBe(false);
    const spec = [..."import type { OrderDoc } from '../orders/order.model';".matchAll(IMPORT)];
    expect(spec[0]?.[1]).toBe('../orders/order.model');
  });
});
