// Reads tests/vectors/<concept>/*.json (Node only); the browser gets them from e2e.mjs.
// tests/vectors/bad_input/ holds files of any concept: each is dispatched on its "concept";
// everywhere else the directory name must equal the concept.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTORS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'vectors');

/** The directory of the bad-input corpus, whose files name their concept. */
export const BAD_INPUT = 'bad_input';

/** The concepts a vector file may have (the other directories of tests/vectors). */
export const CONCEPTS = ['consent', 'filter', 'incident', 'policy', 'registry', 'scanner', 'url'];

export function loadVectorFiles(root = VECTORS) {
  const files = [];
  for (const dir of readdirSync(root).sort()) {
    for (const name of readdirSync(join(root, dir)).filter(n => n.endsWith('.json')).sort()) {
      const doc = JSON.parse(readFileSync(join(root, dir, name), 'utf8'));
      const conceptOk = dir === BAD_INPUT ? CONCEPTS.includes(doc.concept) : doc.concept === dir;
      if (doc.schemaVersion !== 1 || !conceptOk) throw new Error(`bad vector file ${dir}/${name}`);
      // A file limited to other surfaces uses an operation JS does not bind yet.
      if (doc.surfaces && doc.surfaces.length && !doc.surfaces.includes('js')) continue;
      files.push({ file: `${dir}/${name}`, doc });
    }
  }
  return files;
}
