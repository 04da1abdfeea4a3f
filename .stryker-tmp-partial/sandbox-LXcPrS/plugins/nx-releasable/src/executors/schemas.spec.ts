// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { TARGET_DESCRIPTIONS } from '../plugin/targets.js';
import { toNxSchema } from './shared/schema-json.js';

// schema.json files are generated from each executor's zod options (the single source of truth).
// Regenerate with: UPDATE_SCHEMAS=1 npm run test:unit -- schemas
const here = path.dirname(fileURLToPath(import.meta.url));
const pluginRoot = path.resolve(here, '../..');
const foldersOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'shared')
    .map((e) => e.name)
    .sort();
const folders = foldersOf(here);
const generatorsDir = path.resolve(here, '../generators');
const generatorFolders = foldersOf(generatorsDir);

describe('executor schemas', () => {
  it.each([...folders.map((f) => `executors/${f}`), ...generatorFolders.map((f) => `generators/${f}`)])(
    '%s/schema.json is generated from options.ts',
    async (folder) => {
      const mod = (await import(`../${folder}/options.js`)) as {
        schema: z.ZodType;
        title: string;
        description: string;
        extras?: Record<string, Record<string, unknown>>;
      };
      const expected = `${JSON.stringify(toNxSchema(mod.schema, mod.title, mod.description, mod.extras), null, 2)}\n`;
      const file = path.join(here, '..', folder, 'schema.json');
      if (process.env['UPDATE_SCHEMAS'] === '1') writeFileSync(file, expected);
      expect(existsSync(file) ? readFileSync(file, 'utf8') : '(missing)').toBe(expected);
    },
  );

  it('generators.json lists exactly the generator folders', () => {
    const manifest = JSON.parse(readFileSync(path.join(pluginRoot, 'generators.json'), 'utf8')) as {
      generators: Record<string, { factory: string; schema: string }>;
    };
    expect(Object.keys(manifest.generators).sort()).toEqual(generatorFolders);
    for (const [name, entry] of Object.entries(manifest.generators)) {
      expect(entry).toMatchObject({
        factory: `./dist/generators/${name}/generator.js`,
        schema: `./src/generators/${name}/schema.json`,
      });
    }
  });

  it('executors.json lists exactly the executor folders, and every inferred target has one', () => {
    const manifest = JSON.parse(readFileSync(path.join(pluginRoot, 'executors.json'), 'utf8')) as {
      executors: Record<string, { implementation: string; schema: string; description: string }>;
    };
    expect(Object.keys(manifest.executors).sort()).toEqual(folders);
    for (const [name, entry] of Object.entries(manifest.executors)) {
      expect(entry).toEqual({
        implementation: `./dist/executors/${name}/impl.js`,
        schema: `./src/executors/${name}/schema.json`,
        description: expect.any(String),
      });
    }
    for (const target of Object.keys(TARGET_DESCRIPTIONS)) expect(folders).toContain(target);
  });
});
