// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A contributor's clone must work right after `npm ci`: nx.json loads the plugin from its built
// JavaScript, so installing must build it (npm runs "prepare" after `npm ci` and `npm install`).
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(repo, file), 'utf8'));

describe('a fresh clone after npm ci', () => {
  it('builds what nx.json loads', () => {
    const plugins = (json('nx.json')['plugins'] as { plugin: string }[]).map((p) => p.plugin);
    expect(plugins).toContain('@releasable/nx');
    const plugin = json('plugins/nx-releasable/package.json') as { main: string; executors: string };
    expect(plugin.main).toMatch(/^\.\/dist\//);
    const scripts = json('package.json')['scripts'] as Record<string, string>;
    expect(scripts['prepare']).toBe('npm run build');
    expect(scripts['build']).toContain('plugins/nx-releasable/tsconfig.build.json');
  });
});
