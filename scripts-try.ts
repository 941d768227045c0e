import { readFileSync } from 'node:fs';
import { loadMatrix, evaluate, normalizeWorkload } from '../work/main/src/engine/index.js';
const m = loadMatrix(JSON.parse(readFileSync('/work/main/src/engine/matrices/2026.1.json', 'utf8')));
for (const ex of m.document.examples) {
  const e = evaluate(m, normalizeWorkload(ex.workload));
  const s = e.options.map(o => `${o.option}:${o.score ?? 'x'}`).join(' ');
  console.log(e.recommendation === ex.expected ? 'OK  ' : 'FAIL', ex.id, 'exp', ex.expected, 'got', e.recommendation, s);
  if (process.argv[2]) console.log('   ', e.rationale.summary);
}
