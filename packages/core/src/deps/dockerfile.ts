/** Where a Dockerfile reads files of the build context, found statically. */
export interface DockerfileSources {
  /** Context-relative paths or globs named by COPY/ADD (without --from). */
  readonly paths: readonly string[];
  /** True when a source could not be resolved (unknown variable): the whole context counts. */
  readonly wholeContext: boolean;
}

const INSTRUCTION = /^\s*([A-Za-z]+)\s+(.*)$/;

/** Joins continuation lines (`\` at end of line) and drops comments. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#/.test(raw) && current === '') continue;
    if (raw.endsWith('\\')) {
      current += raw.slice(0, -1) + ' ';
      continue;
    }
    lines.push(current + raw);
    current = '';
  }
  if (current) lines.push(current);
  return lines;
}

/** Splits `a b "c d"` or the JSON form `["a", "b"]` into words. */
function words(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      return (JSON.parse(trimmed) as unknown[]).map(String);
    } catch {
      // not JSON after all: fall through to whitespace splitting
    }
  }
  return trimmed.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^["']|["']$/g, '')) ?? [];
}

/** Expands `$VAR`, `${VAR}` and `${VAR:-default}`; undefined when a variable has no value. */
function expand(text: string, vars: ReadonlyMap<string, string>): string | undefined {
  let unresolved = false;
  const out = text.replace(
    /\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}|\$([A-Za-z_]\w*)/g,
    (_m, braced: string, fallback: string | undefined, bare: string) => {
      const value = vars.get(braced ?? bare) ?? fallback;
      if (value === undefined) unresolved = true;
      return value ?? '';
    },
  );
  return unresolved ? undefined : out;
}

/**
 * The build-context files a Dockerfile uses: COPY/ADD sources with ARG/ENV values resolved
 * (`ARG` defaults and `buildArgs` given), `--from=` stages skipped (not context files), a
 * leading `/` taken as the context root, URLs ignored. Anything unresolvable makes the whole
 * context count, never nothing.
 */
export function dockerfileSources(text: string, buildArgs: Readonly<Record<string, string>> = {}): DockerfileSources {
  const vars = new Map<string, string>(Object.entries(buildArgs));
  const paths: string[] = [];
  let wholeContext = false;
  for (const line of logicalLines(text)) {
    const m = INSTRUCTION.exec(line);
    if (!m) continue;
    const instruction = m[1]!.toUpperCase();
    const args = m[2]!;
    if (instruction === 'ARG' || instruction === 'ENV') {
      for (const pair of words(args)) {
        const eq = pair.indexOf('=');
        const name = eq === -1 ? pair : pair.slice(0, eq);
        if (eq === -1) {
          if (instruction === 'ENV') continue; // legacy `ENV KEY VALUE` form: rare, treated as unknown
          continue; // ARG without default keeps a build-arg value if one was given
        }
        if (instruction === 'ARG' && vars.has(name)) continue; // a given build arg wins over the default
        const value = expand(pair.slice(eq + 1), vars);
        if (value !== undefined) vars.set(name, value);
      }
      continue;
    }
    if (instruction !== 'COPY' && instruction !== 'ADD') continue;
    const parts = words(args);
    if (parts.some((p) => p.startsWith('--from'))) continue;
    const operands = parts.filter((p) => !p.startsWith('--'));
    for (const source of operands.slice(0, -1)) {
      if (/^[a-z]+:\/\//i.test(source)) continue;
      const expanded = expand(source, vars);
      if (expanded === undefined) {
        wholeContext = true;
        continue;
      }
      const relative = expanded.replace(/^\/+/, '').replace(/^\.\/+/, '');
      if (relative === '' || relative === '.') wholeContext = true;
      else paths.push(relative.replace(/\/+$/, ''));
    }
  }
  return { paths, wholeContext };
}
