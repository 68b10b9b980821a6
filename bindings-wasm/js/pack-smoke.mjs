// The npm artifact (issue 14): `npm pack` the package, install the tarball into a fresh
// project (a local tarball needs no network), then use it as a user would: import it from
// Node as ECMAScript and CommonJS, and type-check the README example against the installed
// type files under node16, nodenext and bundler resolution. Exits non-zero on a failure.
//   node js/pack-smoke.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const REQUIRED = ['entry/node.cjs', 'entry/node.d.cts', 'entry/web.mjs', 'entry/web.d.mts',
  'pkg/node/esafety_wasm.js', 'pkg/node/esafety_wasm_bg.wasm', 'pkg/node/esafety_wasm.d.ts',
  'pkg/web/esafety_wasm.js', 'pkg/web/esafety_wasm_bg.wasm', 'pkg/web/esafety_wasm.d.ts',
  'pkg/vocabulary.cjs', 'pkg/vocabulary.mjs', 'widget/esafety-consent.js', 'package.json'];
const FORBIDDEN = /^(node_modules|js|site|src|types)\/|\.test\./;

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const work = mkdtempSync(join(tmpdir(), 'esafety-pack-'));
try {
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT));
  const files = packed.files.map((f) => f.path);
  const missing = REQUIRED.filter((f) => !files.includes(f));
  const unwanted = files.filter((f) => FORBIDDEN.test(f));
  if (missing.length || unwanted.length) {
    throw new Error(`tarball: missing ${missing.join(', ') || '-'}; unwanted ${unwanted.join(', ') || '-'}`);
  }
  console.log(`packed ${packed.filename}: ${files.length} files, ${packed.size} bytes`);

  const project = join(work, 'project');
  run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, packed.filename)], project);

  writeFileSync(join(project, 'esm.mjs'), `
import esafety, { parseUrl, EsafetyError, isEsafetyError, ROLES } from 'esafety';
if (parseUrl('Example.COM.').host !== 'example.com') throw new Error('parseUrl');
if (esafety.UrlFilter.default().check('https://www.bet365.com/', 'ks2').verdict !== 'block') throw new Error('check');
try { parseUrl('http://x:99999/'); throw new Error('no error'); } catch (e) {
  if (!(e instanceof EsafetyError) || !isEsafetyError(e) || e.code !== 'url_invalid_port') throw e;
}
if (!ROLES.includes('dsl')) throw new Error('ROLES');
console.log('esm ok');
`);
  writeFileSync(join(project, 'cjs.cjs'), `
const { TermScanner, ConsentLedger, EsafetyError } = require('esafety');
const [m] = TermScanner.default().scan('i want to kill myself', 'ks3');
if (m.matchedText !== 'kill myself') throw new Error('scan');
const ledger = new ConsentLedger();
ledger.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z');
if (ConsentLedger.fromJson(JSON.stringify(ledger)).size !== 1) throw new Error('toJSON');
try { ledger.record('p1', 'mum', 'websit', 'given', '2025-09-05T09:00:00Z'); } catch (e) {
  if (!(e instanceof EsafetyError) || !/school_website/.test(e.message)) throw e;
}
console.log('cjs ok');
`);
  process.stdout.write(run('node', ['esm.mjs'], project) + run('node', ['cjs.cjs'], project));

  copyFileSync(join(ROOT, 'js', 'types', 'readme.mts'), join(project, 'readme.mts'));
  for (const [resolution, module] of [['node16', 'node16'], ['nodenext', 'nodenext'], ['bundler', 'esnext']]) {
    const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', module, moduleResolution: resolution }, files: ['readme.mts'] };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(config));
    run('node', [TSC, '-p', 'tsconfig.json'], project);
    console.log(`installed types: tsc --strict, moduleResolution ${resolution} ok`);
  }
} catch (e) {
  console.error(e.stdout || '', e.stderr || '', e.message);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
