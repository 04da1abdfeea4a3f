// @ts-nocheck
const IMPORT =
  /^[ \t]*import[ \t]+([A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?)*)/gm;
const FROM = /^[ \t]*from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b/gm;

/**
 * The code of a Python file without its string literals and comments (each replaced by the same
 * number of newlines, so statements keep their lines): docstrings such as
 * "Import as:\n\nimport helpers.hdbg as hdbg" are not imports.
 */
export function pythonCode(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length) {
        if (text[j] === '\\') j += 2;
        else if (text.startsWith(quote, j)) break;
        else if (!triple && text[j] === '\n')
          break; // an unterminated one-line string ends at the line
        else j++;
      }
      const literal = text.slice(i, Math.min(j + quote.length, text.length));
      out += `""${'\n'.repeat((literal.match(/\n/g) ?? []).length)}`;
      i = j + quote.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Top-level module names a Python file imports absolutely (`import a.b`, `from c import d`); relative imports are skipped. */
export function pythonImports(text: string): string[] {
  const code = pythonCode(text);
  const names = new Set<string>();
  for (const m of code.matchAll(IMPORT)) {
    for (const part of m[1]!.split(',')) names.add(part.trim().split(/[ \t.]/)[0]!);
  }
  for (const m of code.matchAll(FROM)) names.add(m[1]!.split('.')[0]!);
  return [...names].sort();
}

/** A package's own tests (`test/`, `tests/`, `test_*.py`, `*_test.py`, `conftest.py`): what they import is not what the package's importers use. */
export function isPythonTestFile(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return /(^|\/)tests?\//.test(file) || /^test_.*\.py$/.test(base) || /_test\.py$/.test(base) || base === 'conftest.py';
}
