const IMPORT =
  /^[ \t]*import[ \t]+([A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?)*)/gm;
const FROM = /^[ \t]*from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b/gm;

/** Top-level module names a Python file imports absolutely (`import a.b`, `from c import d`); relative imports are skipped. */
export function pythonImports(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(IMPORT)) {
    for (const part of m[1]!.split(',')) names.add(part.trim().split(/[ \t.]/)[0]!);
  }
  for (const m of text.matchAll(FROM)) names.add(m[1]!.split('.')[0]!);
  return [...names].sort();
}
