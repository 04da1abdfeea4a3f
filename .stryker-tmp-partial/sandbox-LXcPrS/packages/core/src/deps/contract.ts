// @ts-nocheck
import { logicalLines, words } from './dockerfile.js';

// The contract between a dir's files and what releasable supplies: the build args a Dockerfile's
// FROM lines need, the variables a compose file interpolates. Checked before a release, so a
// missing one is named with its fix instead of failing mid-build with an empty image name.

/** `${X}`, `${X:-d}`, `$X` in a line: each name with whether the reference carries a default. */
function references(text: string): { name: string; hasDefault: boolean }[] {
  const found: { name: string; hasDefault: boolean }[] = [];
  // `$$` is a literal dollar in compose files and Dockerfiles alike.
  const unescaped = text.replace(/\$\$/g, '');
  for (const m of unescaped.matchAll(/\$\{([A-Za-z_]\w*)(:?[-?+=])?[^}]*\}|\$([A-Za-z_]\w*)/g)) {
    const modifier = m[2] ?? '';
    found.push({ name: m[1] ?? m[3]!, hasDefault: modifier.includes('-') || modifier.includes('+') });
  }
  return found;
}

/**
 * Build args the FROM lines of a Dockerfile need that nothing supplies: referenced without a
 * default, declared (`ARG X`) before the first FROM without a default or not at all, and not
 * among `passed`. An empty one would make an image name like `/name:dev-`.
 */
export function missingFromArgs(dockerfile: string, passed: ReadonlySet<string>): string[] {
  const defaults = new Set<string>();
  const missing = new Set<string>();
  for (const line of logicalLines(dockerfile)) {
    const m = /^\s*(ARG|FROM)\s+(.*)$/i.exec(line);
    if (!m) continue;
    if (m[1]!.toUpperCase() === 'ARG') {
      for (const pair of words(m[2]!)) if (pair.includes('=')) defaults.add(pair.slice(0, pair.indexOf('=')));
      continue;
    }
    const image = words(m[2]!).find((w) => !w.startsWith('--')) ?? '';
    for (const ref of references(image)) {
      if (!ref.hasDefault && !defaults.has(ref.name) && !passed.has(ref.name)) missing.add(ref.name);
    }
  }
  return [...missing];
}

/**
 * Variables a compose file interpolates with no default that none of `available` sets
 * (releasable's own, the environment, the compose project's `.env`). Compose would put an empty
 * string there, e.g. an empty image name.
 */
export function missingComposeVariables(compose: string, available: ReadonlySet<string>): string[] {
  const missing = new Set<string>();
  for (const line of compose.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    for (const ref of references(line.replace(/\s+#.*$/, ''))) {
      if (!ref.hasDefault && !available.has(ref.name)) missing.add(ref.name);
    }
  }
  return [...missing];
}

/** Names a `.env` file sets (`KEY=value` lines). */
export function dotEnvNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

/**
 * The program of a Dockerfile's last ENTRYPOINT when it is a relative path (`bin/start.sh`,
 * `optimizer/devops/entrypoint.sh`): containers that run with another working dir (releasable's
 * dev containers run in the dir's mount) cannot find it. A bare command (`tini`) is looked up
 * on PATH and is fine.
 */
export function relativeEntrypoint(dockerfile: string): string | undefined {
  let program: string | undefined;
  for (const line of logicalLines(dockerfile)) {
    const m = /^\s*ENTRYPOINT\s+(.*)$/i.exec(line);
    if (m) program = words(m[1]!)[0];
  }
  if (program === undefined || program.startsWith('/') || program.startsWith('$') || !program.includes('/')) {
    return undefined;
  }
  return program;
}
