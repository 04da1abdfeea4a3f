import path from 'node:path';

// Path patterns as `.dockerignore` writes them (and inputs.exclude reuses): relative to a root,
// `*` and `?` within one segment, `**` across segments, a pattern naming a dir covers what is
// below it. One reading for both, so "what the image never gets" and "what no image reads" agree.

/** Whether a pattern holds glob characters (else it names one path). */
export function hasGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

/**
 * The pattern as a regular expression over root-relative, `/`-separated paths; with `below`,
 * paths under a match match too (how a `.dockerignore` line covers a dir).
 */
export function pathPattern(pattern: string, below = true): RegExp {
  const clean = path.posix
    .normalize(pattern.replace(/^\/+/, ''))
    .replace(/\/+$/, '')
    .replace(/\/\*\*$/, '');
  const source = clean
    .split('**')
    .map((part) =>
      part
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]'),
    )
    .join('.*')
    // `**/x` also matches `x` at the top.
    .replace(/^\.\*\//, '(?:.*/)?');
  return new RegExp(below ? `^${source}(/.*)?$` : `^${source}$`);
}

/**
 * A `.dockerignore` as a predicate over context-relative paths. Negations (`!keep`) make it
 * keep everything: reading them wrong would drop a path the image has, so we stay conservative.
 */
export function ignoredBy(dockerignore: string | undefined): (contextRelative: string) => boolean {
  if (dockerignore === undefined) return () => false;
  const patterns = dockerignore
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (patterns.some((p) => p.startsWith('!'))) return () => false;
  const regexes = patterns.map((p) => pathPattern(p));
  return (p) => regexes.some((re) => re.test(p));
}
