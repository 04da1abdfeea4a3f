// @ts-nocheck
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

interface SchemaProperty {
  readonly type?: string;
  readonly enum?: readonly string[];
}

/** Each executor's options (name → JSON schema property), read from its schema.json. */
export function executorSchemas(): Record<string, Record<string, SchemaProperty>> {
  // dist/plugin/ and src/plugin/ both sit two levels below the package root.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const manifest = JSON.parse(readFileSync(path.join(root, 'executors.json'), 'utf8')) as {
    executors: Record<string, { schema: string }>;
  };
  const schemas: Record<string, Record<string, SchemaProperty>> = {};
  for (const [name, { schema }] of Object.entries(manifest.executors)) {
    const json = JSON.parse(readFileSync(path.join(root, schema), 'utf8')) as {
      properties?: Record<string, SchemaProperty>;
    };
    schemas[name] = json.properties ?? {};
  }
  return schemas;
}

/** Every option name any of our executors takes (camelCase), read from their schema.json files. */
export function executorOptionNames(): Set<string> {
  return new Set(Object.values(executorSchemas()).flatMap((properties) => Object.keys(properties)));
}

/**
 * Our targets a command line runs: `run opt:docker-test`, `-t docker-test,release-dev`,
 * `--targets=…`, or the infix form `nx docker-test opt`. Our target names are our executor names.
 */
export function targetsOnCommandLine(argv: readonly string[], ours: ReadonlySet<string>): string[] {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const found = new Set<string>();
  for (const [i, token] of head.entries()) {
    const value = /^(-t|--targets?)$/.test(token)
      ? head[i + 1]
      : /^--targets?=/.test(token)
        ? token.slice(token.indexOf('=') + 1)
        : token.startsWith('-')
          ? undefined
          : token;
    if (value === undefined) continue;
    for (const part of value.split(',')) {
      const target = part.includes(':') ? part.split(':')[1]! : part;
      if (ours.has(target)) found.add(target);
    }
  }
  return [...found];
}

/**
 * Values the target's schema forbids (`--stage bogus`), found before any task runs: Nx runs a
 * target's dependencies (docker-test's build) before the target itself reads its options, so
 * a typo would cost a full build before the refusal. Returns one message per bad value.
 */
export function badOptionValues(
  argv: readonly string[],
  schemas: Readonly<Record<string, Record<string, SchemaProperty>>>,
): string[] {
  const targets = targetsOnCommandLine(argv, new Set(Object.keys(schemas)));
  if (targets.length === 0) return [];
  // With a "--", Nx passes the target only what follows it.
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(end + 1);
  const problems: string[] = [];
  for (const [i, token] of options.entries()) {
    const name = optionName(token);
    if (name === undefined) continue;
    const eq = token.indexOf('=');
    const value = eq >= 0 ? token.slice(eq + 1) : options[i + 1];
    for (const target of targets) {
      const allowed = schemas[target]![name]?.enum;
      if (allowed && value !== undefined && !allowed.includes(value)) {
        problems.push(
          `${target}: --${token.replace(/^-+/, '').split('=')[0]} "${value}" is not one of ${allowed.join(', ')}`,
        );
      }
    }
  }
  return problems;
}
