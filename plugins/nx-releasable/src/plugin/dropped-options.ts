import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `--dry-run`, `--no-push`, `--registries=x` → `dryRun`, `push`, `registries`. */
function optionName(token: string): string | undefined {
  if (!token.startsWith('-') || token === '-' || token === '--') return undefined;
  let name = token.replace(/^-+/, '');
  const eq = name.indexOf('=');
  if (eq >= 0) name = name.slice(0, eq);
  if (name.startsWith('no-')) name = name.slice(3);
  else if (/^no[A-Z]/.test(name)) name = name[2]!.toLowerCase() + name.slice(3);
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Options of ours written before a `--` on a command line that has one. Nx passes a target
 * only what follows `--` when `--` is present and drops the rest silently, so
 * `nx run opt:release-dev --dry-run -- --version 1.2.0` would run a real release.
 */
export function droppedOptions(argv: readonly string[], ours: ReadonlySet<string>): string[] {
  const end = argv.indexOf('--');
  if (end < 0) return [];
  return argv.slice(0, end).filter((token) => {
    const name = optionName(token);
    return name !== undefined && ours.has(name);
  });
}

/** Every option name any of our executors takes (camelCase), read from their schema.json files. */
export function executorOptionNames(): Set<string> {
  // dist/plugin/ and src/plugin/ both sit two levels below the package root.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const manifest = JSON.parse(readFileSync(path.join(root, 'executors.json'), 'utf8')) as {
    executors: Record<string, { schema: string }>;
  };
  const names = new Set<string>();
  for (const { schema } of Object.values(manifest.executors)) {
    const json = JSON.parse(readFileSync(path.join(root, schema), 'utf8')) as { properties?: object };
    for (const key of Object.keys(json.properties ?? {})) names.add(key);
  }
  return names;
}
