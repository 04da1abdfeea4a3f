import type { Tree } from '@nx/devkit';
import {
  addChangelogEntry,
  bumpVersion,
  CHANGELOG_FILE,
  parseChangelog,
  parseYaml,
  readTopHeading,
  ReleasableError,
  REPO_CONFIG_FILES,
  topEntry,
} from '@releasable/core';
import type { z } from 'zod';
import { schema } from './options.js';

const SKIP = new Set(['node_modules', 'dist', '.git', '.nx']);

/** Project name of a dir in the tree, by the plugin's rules (repo_config name → changelog → dir). */
function projectNameIn(tree: Tree, dir: string): string {
  for (const file of REPO_CONFIG_FILES) {
    const text = tree.read(`${dir}/${file}`.replace(/^\.\//, ''), 'utf-8');
    if (text === null) continue;
    const doc = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as { name?: unknown } | null;
    if (doc && typeof doc.name === 'string') return doc.name;
  }
  const changelog = tree.read(`${dir}/${CHANGELOG_FILE}`.replace(/^\.\//, ''), 'utf-8');
  const heading = changelog ? readTopHeading(changelog) : undefined;
  return heading?.name ?? (dir === '.' ? '' : dir.split('/').pop()!);
}

/** Roots of releasable dirs in the tree (a dir with a non-empty devops/ folder). */
function releasableRoots(tree: Tree, dir = '.'): string[] {
  const roots: string[] = [];
  const children = tree.children(dir === '.' ? '' : dir);
  if (children.includes('devops') && tree.children(dir === '.' ? 'devops' : `${dir}/devops`).length > 0)
    roots.push(dir);
  for (const child of children) {
    if (SKIP.has(child) || child === 'devops') continue;
    const path = dir === '.' ? child : `${dir}/${child}`;
    if (!tree.isFile(path)) roots.push(...releasableRoots(tree, path));
  }
  return roots;
}

/**
 * The entry's bullets from --message values. `nx g` parses a value that looks like a number
 * (`--message 0.30`), so a number is taken back from the command line as it was typed.
 */
export function messageBullets(
  message: string | number | readonly (string | number)[],
  argv: readonly string[],
): string[] {
  const typed: string[] = [];
  for (const [i, token] of argv.entries()) {
    if (token === '--message') typed.push(argv[i + 1] ?? '');
    else if (token.startsWith('--message=')) typed.push(token.slice('--message='.length));
  }
  const values = Array.isArray(message) ? message : [message];
  const bullets = values.map((value) =>
    typeof value === 'number' ? (typed.find((t) => t.trim() !== '' && Number(t) === value) ?? String(value)) : value,
  );
  const empty = bullets.filter((b) => b.trim() === '');
  if (bullets.length === 0 || empty.length > 0)
    throw new ReleasableError('changelog --message: give at least one non-empty text.');
  return bullets;
}

/** Adds `# <name>-<next>` / `- <date>` / bullets on top; the rest of the file is kept byte for byte. */
export default async function changelogGenerator(tree: Tree, raw: z.input<typeof schema>): Promise<void> {
  const o = schema.parse(raw);
  const root = releasableRoots(tree).find((r) => projectNameIn(tree, r) === o.project);
  if (root === undefined) {
    throw new ReleasableError(
      `changelog: no releasable project "${o.project}" (a dir with devops/ whose name is "${o.project}"); check "nx show projects".`,
    );
  }
  const file = root === '.' ? CHANGELOG_FILE : `${root}/${CHANGELOG_FILE}`;
  const text = tree.read(file, 'utf-8');
  if (text === null) {
    throw new ReleasableError(
      `changelog: ${file} does not exist; create it with a first entry "# ${o.project}-0.1.0" and "- YYYY-MM-DD".`,
    );
  }
  const top = topEntry(parseChangelog(text, file));
  if (!top)
    throw new ReleasableError(`changelog: ${file} has no entry to bump from; add "# ${o.project}-0.1.0" first.`);
  const version = bumpVersion(top.version, o.bump);
  tree.write(
    file,
    addChangelogEntry(
      text,
      {
        name: top.name,
        version,
        date: o.date ?? new Date().toISOString().slice(0, 10),
        bullets: messageBullets(o.message, process.argv),
      },
      file,
    ),
  );
}
