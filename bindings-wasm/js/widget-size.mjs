// The widget page's transfer: every file site/consent.html loads, gzipped, against the
// 250 KB budget of issue 17. Exits non-zero over budget. Run after the wasm build:
//   node js/widget-size.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET = 250_000;
const FILES = [
  'site/consent.html',
  'widget/esafety-consent.css',
  'widget/esafety-consent.js',
  'widget/i18n.js',
  'pkg/widget/esafety_wasm.js',
  'pkg/widget/esafety_wasm_bg.wasm',
];

let total = 0;
for (const file of FILES) {
  const bytes = readFileSync(join(ROOT, file));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(`${file.padEnd(34)} ${String(bytes.length).padStart(9)} ${String(gzipped).padStart(8)} gzipped`);
}
console.log(`widget page transfer: ${total} bytes gzipped (budget ${BUDGET})`);
if (total > BUDGET) process.exit(1);
