import { ChangelogError } from '../errors.js';
import { assertStrictlyForward, isReleaseVersion } from '../version/version.js';

/** One `# <name>-X.Y.Z` entry of a changelog. */
export interface ChangelogEntry {
  readonly name: string;
  readonly version: string;
  /** `YYYY-MM-DD` from the entry's first line. */
  readonly date: string;
  /** Body lines after the date line, as written (bullets, continuations, blanks). */
  readonly lines: readonly string[];
  /** 1-based line number of the heading. */
  readonly line: number;
}

export interface Changelog {
  readonly file: string;
  /** Newest first, as in the file. */
  readonly entries: readonly ChangelogEntry[];
}

const HEADING = /^#\s+(\S+)-([^\s-]+)\s*$/;
const DATE_LINE = /^-\s+(\d{4})-(\d{2})-(\d{2})\s*$/;

function isRealDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/**
 * Parses `changelog.txt`: entries `# <name>-X.Y.Z`, then `- YYYY-MM-DD`, then body lines.
 * Newest entry first; versions must strictly decrease down the file. Errors name the line.
 */
export function parseChangelog(text: string, file = 'changelog.txt'): Changelog {
  const lines = text.split(/\r?\n/);
  const entries: ChangelogEntry[] = [];
  let current: { name: string; version: string; line: number; date?: string; lines: string[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    if (current.date === undefined) {
      throw new ChangelogError(
        file,
        current.line,
        `entry "${current.name}-${current.version}" has no date line; add "- YYYY-MM-DD" right after the heading.`,
      );
    }
    while (current.lines.length > 0 && current.lines[current.lines.length - 1]!.trim() === '') current.lines.pop();
    entries.push({
      name: current.name,
      version: current.version,
      date: current.date,
      lines: current.lines,
      line: current.line,
    });
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (raw.startsWith('#')) {
      const m = HEADING.exec(raw);
      if (!m) {
        throw new ChangelogError(
          file,
          lineNo,
          `heading "${trimmed}" must look like "# <name>-X.Y.Z", e.g. "# opt-0.4.0".`,
        );
      }
      const [, name, version] = m as unknown as [string, string, string];
      if (!isReleaseVersion(version)) {
        throw new ChangelogError(
          file,
          lineNo,
          `version "${version}" in "${trimmed}" must have exactly three numeric parts, e.g. ${name}-1.2.0.`,
        );
      }
      flush();
      const previous = entries[entries.length - 1];
      if (previous) {
        try {
          assertStrictlyForward(previous.version, version);
        } catch {
          throw new ChangelogError(
            file,
            lineNo,
            `version ${version} must be lower than ${previous.version} above it (line ${previous.line}); newest entries go first and each version appears once.`,
          );
        }
      }
      current = { name, version, line: lineNo, lines: [] };
      return;
    }
    if (!current) {
      if (trimmed === '') return;
      throw new ChangelogError(file, lineNo, `expected the first entry heading "# <name>-X.Y.Z", found "${trimmed}".`);
    }
    if (current.date === undefined) {
      if (trimmed === '') return;
      const d = DATE_LINE.exec(raw);
      if (!d || !isRealDate(d[1]!, d[2]!, d[3]!)) {
        throw new ChangelogError(
          file,
          lineNo,
          `expected the date line "- YYYY-MM-DD" after "# ${current.name}-${current.version}", found "${trimmed}".`,
        );
      }
      current.date = `${d[1]}-${d[2]}-${d[3]}`;
      return;
    }
    current.lines.push(raw);
  });
  flush();
  return { file, entries };
}

/** The newest entry, or undefined for an empty changelog. */
export function topEntry(changelog: Changelog): ChangelogEntry | undefined {
  return changelog.entries[0];
}

/** Name and version of the first heading only, without validating the rest (graph-time fast path). */
export function readTopHeading(text: string): { name: string; version: string; line: number } | undefined {
  let lineNo = 0;
  for (const raw of text.split(/\r?\n/, 200)) {
    lineNo += 1;
    if (!raw.startsWith('#')) continue;
    const m = HEADING.exec(raw);
    return m ? { name: m[1]!, version: m[2]!, line: lineNo } : undefined;
  }
  return undefined;
}

export interface NewEntry {
  readonly name: string;
  readonly version: string;
  /** `YYYY-MM-DD`; the caller supplies it (core does not read the clock). */
  readonly date: string;
  readonly bullets: readonly string[];
}

/**
 * Prepends an entry; the existing text is kept byte for byte below it. Refuses a version
 * that is not strictly greater than the current top entry.
 */
export function addChangelogEntry(text: string, entry: NewEntry, file = 'changelog.txt'): string {
  const existing = parseChangelog(text, file);
  const top = topEntry(existing);
  if (!isReleaseVersion(entry.version)) {
    throw new ChangelogError(file, 1, `new version "${entry.version}" must have exactly three numeric parts.`);
  }
  if (top) assertStrictlyForward(entry.version, top.version, `new changelog entry`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = [`# ${entry.name}-${entry.version}`, `- ${entry.date}`, ...entry.bullets.map((b) => `- ${b}`)].join(
    eol,
  );
  if (text.trim() === '') return block + eol;
  return block + eol + eol + text;
}
