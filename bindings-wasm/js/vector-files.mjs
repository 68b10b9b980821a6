// Reads tests/vectors/<concept>/*.json (Node only); the browser gets them from e2e.mjs.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTORS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'vectors');

export function loadVectorFiles() {
  const files = [];
  for (const concept of readdirSync(VECTORS).sort()) {
    for (const name of readdirSync(join(VECTORS, concept)).filter(n => n.endsWith('.json')).sort()) {
      const doc = JSON.parse(readFileSync(join(VECTORS, concept, name), 'utf8'));
      if (doc.schemaVersion !== 1 || doc.concept !== concept) throw new Error(`bad vector file ${concept}/${name}`);
      // A file limited to other surfaces uses an operation JS does not bind yet.
      if (doc.surfaces && doc.surfaces.length && !doc.surfaces.includes('js')) continue;
      files.push({ file: `${concept}/${name}`, doc });
    }
  }
  return files;
}
