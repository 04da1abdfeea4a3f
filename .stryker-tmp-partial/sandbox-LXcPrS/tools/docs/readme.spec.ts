// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionReference } from './option-reference.js';

// The README's generator reference is generated; regenerate with UPDATE_README=1 npm run test:unit -- readme
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START = '<!-- generator-reference:start -->';
const END = '<!-- generator-reference:end -->';

describe('README', () => {
  it('holds the generator option reference generated from the schemas', () => {
    const file = path.join(repo, 'README.md');
    const readme = readFileSync(file, 'utf8');
    const expected = `${START}\n${optionReference(path.join(repo, 'plugins/nx-releasable'), 'generators')}\n${END}`;
    const current = readme.includes(START)
      ? readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length)
      : '(missing)';
    if (process.env['UPDATE_README'] === '1' && readme.includes(START))
      writeFileSync(file, readme.replace(current, expected));
    else expect(current).toBe(expected);
  });

  it('opens with what it is and a quick start for users; contributors come after', () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings.slice(0, 2)).toEqual(['Quick start in your workspace', 'Contributing: the two commands']);
    // CI runs the README's test command: it must still be there, exact.
    expect(readme).toContain('npm test                   # all tests');
  });
});
