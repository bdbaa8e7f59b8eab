// Times two builds of the .wasm side by side in one Node process, on the
// same folder of files: each round adds every file to a fresh Corpus and
// runs the analysis, alternating the builds. For a change that may cost
// speed in the browser (an optimization setting, a size trade). Prints
// wall and CPU seconds per round.
//
//   node scripts/bench-wasm-builds.mjs DIR_A DIR_B CORPUS [passages] [rounds]
//
// DIR_A and DIR_B each hold `paradup.js` and `paradup_bg.wasm` (as
// `build_wasm` writes them to www/pkg); CORPUS is a folder of text files.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dirA, dirB, corpus, mode, roundsArg] = process.argv.slice(2);
if (!dirA || !dirB || !corpus) {
  console.error('usage: node scripts/bench-wasm-builds.mjs DIR_A DIR_B CORPUS [passages] [rounds]');
  process.exit(2);
}
const passages = mode === 'passages';
const rounds = Number(roundsArg) || 6;
const files = fs.readdirSync(corpus).sort()
  .map((n) => [n, new Uint8Array(fs.readFileSync(path.join(corpus, n)))]);

const builds = [];
for (const dir of [dirA, dirB]) {
  const glue = await import(pathToFileURL(path.resolve(dir, 'paradup.js')).href);
  glue.initSync({ module: fs.readFileSync(path.join(dir, 'paradup_bg.wasm')) });
  builds.push({ dir, glue, times: [], cpu: [] });
}
for (let r = 0; r < rounds; r++) {
  for (const b of builds) {
    const corpusObject = new b.glue.Corpus();
    for (const [name, bytes] of files) corpusObject.addFile(name, bytes);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    corpusObject.run({ ...b.glue.defaultOptions(), passages }, null);
    b.times.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    b.cpu.push((c.user + c.system) / 1e6);
    corpusObject.free();
  }
}
for (const b of builds) {
  const all = b.times.map((t) => t.toFixed(2)).join(' ');
  // CPU seconds (this process, all threads) are the steadier figure on a
  // loaded machine: the median of the rounds after the first.
  const cpu = b.cpu.slice(1).sort((x, y) => x - y);
  console.log(`${b.dir}: best ${Math.min(...b.times).toFixed(2)} s of ${all}; CPU median ${cpu[cpu.length >> 1]?.toFixed(2)} s of ${b.cpu.map((t) => t.toFixed(2)).join(' ')}`);
}
