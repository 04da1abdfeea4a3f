// @ts-nocheck
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { logger } from '@nx/devkit';
import { checkPythonDeps, declaredPythonPackages, pythonImports, ReleasableError } from '@releasable/core';
import { defineExecutor } from '../shared/define.js';
import { schema } from './options.js';

const SKIP_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.nx', 'dist', 'devops']);

/** .py files of a dir and the names of its own modules, leaving nested releasable dirs out. */
function scan(dir: string, top = true): { files: string[]; modules: Set<string> } {
  const files: string[] = [];
  const modules = new Set<string>();
  if (!top && existsSync(path.join(dir, 'devops'))) return { files, modules };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name)) continue;
      modules.add(entry.name);
      const sub = scan(path.join(dir, entry.name), false);
      files.push(...sub.files);
      for (const m of sub.modules) modules.add(m);
    } else if (entry.name.endsWith('.py')) {
      files.push(path.join(dir, entry.name));
      modules.add(entry.name.slice(0, -3));
    }
  }
  return { files, modules };
}

/** The workspace's own top-level modules (dirs and .py files at its root). */
function workspaceModules(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => (e.isDirectory() && !SKIP_DIRS.has(e.name)) || e.name.endsWith('.py'))
    .map((e) => e.name.replace(/\.py$/, ''));
}

export default defineExecutor(schema, async (options, project) => {
  const pyproject = path.join(project.absRoot, options.pyproject);
  if (!existsSync(pyproject)) {
    logger.info(`${project.dir.name}: no ${options.pyproject}; nothing to check.`);
    return;
  }
  const declared = declaredPythonPackages(
    readFileSync(pyproject, 'utf8'),
    path.relative(project.workspaceRoot, pyproject),
  );
  const { files, modules } = scan(project.absRoot);
  const imports = [...new Set(files.flatMap((f) => pythonImports(readFileSync(f, 'utf8'))))].sort();
  const result = checkPythonDeps({
    declared,
    imports,
    localModules: new Set([...modules, ...workspaceModules(project.workspaceRoot)]),
    importToPackage: project.dir.config.depsCheck.importToPackage,
    allowUnused: project.dir.config.depsCheck.allowUnused,
  });
  logger.info(
    `${project.dir.name}: ${declared.length} declared package(s), ${imports.length} imported module(s) in ${files.length} file(s).`,
  );
  if (result.unused.length) logger.info(`unused (declared, never imported): ${result.unused.join(', ')}`);
  if (result.missing.length)
    logger.info(
      `missing (imported, not declared): ${result.missing.map((m) => (m.import === m.package ? m.package : `${m.package} (import ${m.import})`)).join(', ')}`,
    );
  if (!result.unused.length && !result.missing.length) logger.info('declared packages and imports agree.');
  if (options.strict && (result.unused.length || result.missing.length)) {
    throw new ReleasableError(
      `deps-check --strict: ${result.unused.length} unused and ${result.missing.length} missing package(s) in ${path.relative(project.workspaceRoot, pyproject)}; remove or add them, or allow-list them in repo_config depsCheck.allowUnused / importToPackage.`,
    );
  }
});
