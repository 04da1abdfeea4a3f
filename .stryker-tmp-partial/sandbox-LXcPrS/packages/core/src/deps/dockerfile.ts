/** Where a Dockerfile reads files of the build context, found statically. */
// @ts-nocheck

export interface DockerfileSources {
  /** Context-relative paths or globs named by COPY/ADD (without --from). */
  readonly paths: readonly string[];
  /** True when a source could not be resolved (unknown variable): the whole context counts. */
  readonly wholeContext: boolean;
}

const INSTRUCTION = /^\s*([A-Za-z]+)\s+(.*)$/;

/** The escape character a `# escape=` parser directive at the top sets (default backslash). */
function escapeCharacter(text: string): string {
  for (const raw of text.split(/\r?\n/)) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(raw);
    if (!directive) break; // directives come first; anything else ends them
    if (directive[1]!.toLowerCase() === 'escape') return directive[2]!;
  }
  return '\\';
}

/**
 * Logical instructions: continuation lines joined (backslash, or the `# escape=` character),
 * comment lines dropped wherever they are (Docker drops them inside continuations too), and
 * heredoc bodies (`COPY <<EOF /x`) skipped: they are inline text, not context files.
 */
export function logicalLines(text: string): string[] {
  const escape = escapeCharacter(text);
  const lines: string[] = [];
  let current = '';
  let heredoc: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (heredoc !== undefined) {
      if (raw.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (/^\s*#/.test(raw)) continue;
    if (raw.trimEnd().endsWith(escape)) {
      current += raw.trimEnd().slice(0, -escape.length) + ' ';
      continue;
    }
    const line = current + raw;
    current = '';
    lines.push(line);
    const marker = /<<-?["']?([A-Za-z_][\w]*)["']?/.exec(line);
    if (marker && /^\s*(COPY|ADD|RUN)\b/i.test(line)) heredoc = marker[1];
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * Splits `a b "c d" K="v w"` or the JSON form `["a", "b"]` into words; quotes group and are
 * removed wherever they sit in a word (`K="v w"` → `K=v w`).
 */
export function words(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      return (JSON.parse(trimmed) as unknown[]).map(String);
    } catch {
      // not JSON after all: fall through to whitespace splitting
    }
  }
  return (trimmed.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []).map((w) => w.replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
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
      if (/^[a-z]+:\/\//i.test(source) || source.startsWith('<<')) continue;
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
