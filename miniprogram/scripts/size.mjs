// Prints the weapp package sizes against the house budgets (issue 9): main package ≤ 600 KB,
// each subpackage ≤ 300 KB (WeChat's hard limit is 2 MB each). Exit 1 when over budget.
// Every file under dist/weapp counts, as WeChat counts every uploaded file.
// Usage: node scripts/size.mjs [weappDistDir]   (default: miniprogram/dist/weapp)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const KB = 1024;
const MAIN_BUDGET = 600 * KB;
const SUB_BUDGET = 300 * KB;
const dist = resolve(
  process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'weapp'),
);

if (!existsSync(join(dist, 'app.json'))) {
  console.error(
    `size: ${dist}/app.json not found; run \`npm run build:weapp -w miniprogram\` first.`,
  );
  process.exit(2);
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8'));
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((sub) =>
  sub.root.replace(/^\/+|\/+$/g, ''),
);

const packages = new Map([['main', { budget: MAIN_BUDGET, bytes: 0, files: [] }]]);
for (const root of subRoots) packages.set(root, { budget: SUB_BUDGET, bytes: 0, files: [] });

for (const path of files(dist)) {
  const rel = relative(dist, path).split(sep).join('/');
  const owner = subRoots.find((root) => rel === root || rel.startsWith(`${root}/`)) ?? 'main';
  const size = statSync(path).size;
  const pkg = packages.get(owner);
  pkg.bytes += size;
  pkg.files.push({ rel, size });
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
let over = false;
console.log(`weapp package sizes (${relative(process.cwd(), dist) || '.'})`);
for (const [name, pkg] of packages) {
  const ok = pkg.bytes <= pkg.budget;
  over ||= !ok;
  const share = ((pkg.bytes / pkg.budget) * 100).toFixed(0);
  const label = name === 'main' ? 'main package' : `subpackage ${name}`;
  console.log(
    `  ${ok ? 'ok  ' : 'OVER'} ${label.padEnd(28)} ${kb(pkg.bytes).padStart(10)} / ${kb(pkg.budget)} (${share}%, ${pkg.files.length} files)`,
  );
  const largest = [...pkg.files].sort((a, b) => b.size - a.size).slice(0, 3);
  for (const file of largest) console.log(`         ${kb(file.size).padStart(10)}  ${file.rel}`);
}
const total = [...packages.values()].reduce((sum, pkg) => sum + pkg.bytes, 0);
console.log(`  total ${kb(total)} across ${packages.size} package(s)`);
if (over) {
  console.error('size: over budget');
  process.exit(1);
}
