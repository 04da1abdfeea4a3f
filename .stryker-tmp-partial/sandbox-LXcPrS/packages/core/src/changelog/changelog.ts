// @ts-nocheck
import { ChangelogError } from '../errors.js';
import { assertStrictlyForward, isReleaseVersion } from '../version/version.js';

/** One `# <name>-X.Y.Z` entry of a changelog. */
export interface ChangelogEntry {
  readonly name: string;
  readonly version: string;
  /** `YYYY-MM-DD` from the entry's first line; undefined when that line is missing or malformed (a warning says so). */
  readonly date?: string;
  /** Body lines after the date line, as written (bullets, continuations, blanks). */
  readonly lines: readonly string[];
  /** 1-based line number of the heading. */
  readonly line: number;
}

/** A harmless oddity of an old changelog: reported, never fatal. */
export interface ChangelogWarning {
  readonly line: number;
  readonly message: string;
}

export interface Changelog {
  readonly file: string;
  /** Newest first, as in the file. */
  readonly entries: readonly ChangelogEntry[];
  /** Odd dates, headings without "#", old entries out of order: what years of hand edits leave. */
  readonly warnings: readonly ChangelogWarning[];
}

const HEADING = /^#\s+(\S+)-([^\s-]+)\s*$/;
/** A heading someone wrote without its "#": `cmamp-1.1.0`. */
const BARE_HEADING = /^(\S+)-(\d+\.\d+\.\d+)\s*$/;
const DATE_LINE = /^-\s+(\d{4})-(\d{2})-(\d{2})\s*$/;
/** Dates as people wrote them over the years: `- 2021-12-1`, `- 2021/12/01`, `-2021.12.01`. */
const LOOSE_DATE_LINE = /^-\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$/;

function isRealDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/**
 * Parses `changelog.txt`: entries `# <name>-X.Y.Z`, then `- YYYY-MM-DD`, then body lines, newest
 * first. Strict where a release depends on it: the top entry's heading and version, and that it
 * is above the entry below it (ChangelogError naming the line and the fix). Lenient, like the
 * original tool, with what no release reads: dates, headings without "#" and the order of older
 * entries are warnings.
 */
export function parseChangelog(text: string, file = 'changelog.txt'): Changelog {
  const lines = text.split(/\r?\n/);
  const entries: ChangelogEntry[] = [];
  const warnings: ChangelogWarning[] = [];
  let current:
    { name: string; version: string; line: number; date?: string; dateSeen: boolean; lines: string[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    if (!current.dateSeen) {
      warnings.push({
        line: current.line,
        message: `entry "${current.name}-${current.version}" has no date line; add "- YYYY-MM-DD" right after the heading.`,
      });
    }
    while (current.lines.length > 0 && current.lines[current.lines.length - 1]!.trim() === '') current.lines.pop();
    entries.push({
      name: current.name,
      version: current.version,
      ...(current.date ? { date: current.date } : {}),
      lines: current.lines,
      line: current.line,
    });
  };
  const startEntry = (name: string, version: string, lineNo: number, raw: string): void => {
    const top = entries.length === 0 && current === undefined;
    const trimmed = raw.trim();
    if (!isReleaseVersion(version)) {
      const message = `version "${version}" in "${trimmed}" must have exactly three numeric parts, e.g. ${name}-1.2.0.`;
      if (top) throw new ChangelogError(file, lineNo, message);
      warnings.push({ line: lineNo, message: `${message} The entry is skipped.` });
      current?.lines.push(raw);
      return;
    }
    flush();
    const previous = entries[entries.length - 1];
    if (previous) {
      try {
        assertStrictlyForward(previous.version, version);
      } catch {
        const message = `version ${version} must be lower than ${previous.version} above it (line ${previous.line}); newest entries go first and each version appears once.`;
        // Only the top entry's place matters to a release (it is the version released).
        if (entries.length === 1) throw new ChangelogError(file, lineNo, message);
        warnings.push({ line: lineNo, message });
      }
    }
    current = { name, version, line: lineNo, dateSeen: false, lines: [] };
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (raw.startsWith('#')) {
      const m = HEADING.exec(raw);
      if (m) return startEntry(m[1]!, m[2]!, lineNo, raw);
      const message = `heading "${trimmed}" must look like "# <name>-X.Y.Z", e.g. "# opt-0.4.0".`;
      if (!current) throw new ChangelogError(file, lineNo, message);
      // A markdown sub-heading or a broken old heading inside an entry: keep it as body text.
      if (/-\d/.test(trimmed)) warnings.push({ line: lineNo, message });
      current.lines.push(raw);
      return;
    }
    const bare = BARE_HEADING.exec(trimmed);
    if (bare && !trimmed.startsWith('-')) {
      if (!current) {
        throw new ChangelogError(
          file,
          lineNo,
          `the top entry heading "${trimmed}" has no "#"; write "# ${trimmed}" (the top entry is the version released).`,
        );
      }
      warnings.push({ line: lineNo, message: `heading "${trimmed}" has no "#"; write "# ${trimmed}".` });
      return startEntry(bare[1]!, bare[2]!, lineNo, raw);
    }
    if (!current) {
      if (trimmed === '') return;
      throw new ChangelogError(file, lineNo, `expected the first entry heading "# <name>-X.Y.Z", found "${trimmed}".`);
    }
    if (!current.dateSeen) {
      if (trimmed === '') return;
      current.dateSeen = true;
      const strict = DATE_LINE.exec(raw);
      if (strict && isRealDate(strict[1]!, strict[2]!, strict[3]!)) {
        current.date = `${strict[1]}-${strict[2]}-${strict[3]}`;
        return;
      }
      const loose = LOOSE_DATE_LINE.exec(trimmed);
      if (loose && isRealDate(loose[1]!, loose[2]!, loose[3]!)) {
        current.date = `${loose[1]}-${loose[2]!.padStart(2, '0')}-${loose[3]!.padStart(2, '0')}`;
        warnings.push({ line: lineNo, message: `date "${trimmed}" should be written "- ${current.date}".` });
        return;
      }
      warnings.push({
        line: lineNo,
        message: `expected the date line "- YYYY-MM-DD" after "# ${current.name}-${current.version}", found "${trimmed}".`,
      });
    }
    current.lines.push(raw);
  });
  flush();
  return { file, entries, warnings };
}

/** `file:line: message` lines for a changelog's warnings. */
export function formatChangelogWarnings(changelog: Changelog): string[] {
  return changelog.warnings.map((w) => `${changelog.file}:${w.line}: ${w.message}`);
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
