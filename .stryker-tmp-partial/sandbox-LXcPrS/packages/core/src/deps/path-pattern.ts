// @ts-nocheck
import path from 'node:path';

// Path patterns as `.dockerignore` writes them, read the way Docker's own matcher reads them
// (moby/patternmatcher): relative to a root, `*` and `?` within one segment, `**` across
// segments, `[…]` classes, `\` escapes, a leading `!` re-including what earlier lines dropped,
// and a pattern naming a dir covering what is below it. inputs.exclude reuses the syntax, so
// "what the image never gets" and "what no image reads" are written and read alike.

/** Whether a pattern holds glob characters (else it names one path). */
export function hasGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

/** A pattern cleaned the way Docker cleans it: normalized, no leading or trailing `/`. */
function clean(pattern: string): string {
  const normal = path.posix.normalize(pattern).replace(/\/+$/, '');
  return normal.length > 1 ? normal.replace(/^\/+/, '') : normal;
}

const REGEX_SPECIAL = /[.+^${}()|\\]/;

/** The regex source of one cleaned pattern, over `/`-separated paths. */
function patternSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i += 1;
        if (pattern[i + 1] === '/') i += 1;
        // `**` at the end takes everything; elsewhere any number of whole segments, none included.
        out += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      out += `[${pattern.slice(i + 1, end)}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      i += 1;
      out += REGEX_SPECIAL.test(pattern[i]!) || /[*?[\]]/.test(pattern[i]!) ? `\\${pattern[i]}` : pattern[i];
    } else {
      out += REGEX_SPECIAL.test(ch) || ch === ']' ? `\\${ch}` : ch;
    }
  }
  return out;
}

/**
 * The pattern as a regular expression over root-relative, `/`-separated paths; with `below`,
 * paths under a match match too (how a `.dockerignore` line covers a dir).
 */
export function pathPattern(pattern: string, below = true): RegExp {
  const source = patternSource(clean(pattern));
  return new RegExp(below ? `^${source}(?:/.*)?$` : `^${source}$`);
}

/** One `.dockerignore` line: the path pattern, and whether it re-includes (`!pattern`). */
export interface IgnoreRule {
  readonly exception: boolean;
  readonly pattern: RegExp;
}

/** The rules of a `.dockerignore` text, in order (blank lines and `#` comments skipped). */
export function dockerignoreRules(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const exception = line.startsWith('!');
    if (exception) line = line.slice(1).trim();
    if (!line) continue;
    rules.push({ exception, pattern: pathPattern(line, false) });
  }
  return rules;
}

/**
 * Whether Docker leaves `file` (context-relative) out of the build context: the last rule
 * matching the path or one of its parent dirs decides.
 */
export function ignoredByRules(rules: readonly IgnoreRule[], file: string): boolean {
  const parents: string[] = [];
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i += 1) parents.push(parts.slice(0, i).join('/'));
  let ignored = false;
  for (const rule of rules) {
    // An exclusion only matters while the path is kept, an exception while it is dropped.
    if (rule.exception !== ignored) continue;
    if (rule.pattern.test(file) || parents.some((p) => rule.pattern.test(p))) ignored = !rule.exception;
  }
  return ignored;
}

/** A `.dockerignore` as a predicate over context-relative paths (no file: nothing ignored). */
export function ignoredBy(dockerignore: string | undefined): (contextRelative: string) => boolean {
  if (dockerignore === undefined) return () => false;
  const rules = dockerignoreRules(dockerignore);
  return (p) => ignoredByRules(rules, p);
}
