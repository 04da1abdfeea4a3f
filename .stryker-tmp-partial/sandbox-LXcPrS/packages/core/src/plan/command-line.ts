// @ts-nocheck
import { ReleasableError } from '../errors.js';

/**
 * Splits a command line typed by a user (`--cmd 'pytest -m "not slow"'`) into argv the way a
 * POSIX shell splits words — quotes and backslashes only. Nothing is expanded: `$(…)`, `;`,
 * `|` and globs stay literal. Use `sh -c '…'` explicitly when a shell is wanted.
 */
export function splitCommandLine(line: string, option = '--cmd'): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote)
    throw new ReleasableError(`${option}: unbalanced ${quote} quote in "${line}"; close it or escape it with \\.`, {
      line,
    });
  if (inWord) words.push(word);
  if (words.length === 0) throw new ReleasableError(`${option}: the command is empty; e.g. ${option} "pytest -x".`);
  return words;
}

/** Replaces `{image}`, `{stage}`, `{version}` inside argv elements; no other expansion happens. */
export function fillPlaceholders(argv: readonly string[], values: Readonly<Record<string, string>>): string[] {
  return argv.map((arg) => arg.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole));
}
