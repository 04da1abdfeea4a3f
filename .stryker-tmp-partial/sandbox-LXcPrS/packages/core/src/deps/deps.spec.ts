// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { parsePluginOptions, resolveConfig } from '../config/resolve.js';
import { composeBindMounts } from './compose-mounts.js';
import { externalPaths } from './external.js';
import { pythonImports } from './python-imports.js';

describe('composeBindMounts', () => {
  it('lists host paths of bind mounts, not named volumes', () => {
    const text = `services:\n  app:\n    volumes:\n      - ../../../helpers:/app/helpers\n      - data:/var/lib/data\n      - \${DATA_DIR:-./data}:/data:ro\n      - \${HOME}/x:/x\n      - type: bind\n        source: ../../shared\n        target: /shared\n`;
    expect(composeBindMounts(text)).toEqual(['../../../helpers', './data', '../../shared']);
  });

  it('follows YAML merge keys: mounts a service takes from a shared block count', () => {
    const text = `x-base: &base\n  volumes:\n    - ../../lib:/app/lib\nservices:\n  app:\n    <<: *base\n  worker:\n    <<: *base\n    image: x\n`;
    expect(composeBindMounts(text)).toEqual(['../../lib', '../../lib']);
  });
});

describe('pythonImports', () => {
  it('finds absolute imports and skips relative ones', () => {
    const text =
      'import helpers.hdbg\nimport os, sys as system\nfrom core import x\nfrom .local import y\n  from core.sub import z\n# import commented\n';
    expect(pythonImports(text)).toEqual(['core', 'helpers', 'os', 'sys']);
  });

  it('ignores import-like text in docstrings, comments and strings', () => {
    const text = [
      '"""',
      'Import as:',
      '',
      'import helpers.hdbg as hdbg',
      '"""',
      "NOTE = 'import oms.broker'",
      '# from dataflow import core',
      "SQL = '''",
      'import market_data',
      "'''",
      'import core.finance as cofinanc',
      'x = "a \\" import not_me"',
      'from research import z',
    ].join('\n');
    expect(pythonImports(text)).toEqual(['core', 'research']);
  });
});

describe('externalPaths', () => {
  const files: Record<string, string> = {
    'devops/docker_build/dev.Dockerfile':
      'FROM x\nCOPY helpers /app/helpers\nCOPY cmamp/devops/docker_build/install.sh /i/\nCOPY --from=b /o /o\n',
    'devops/docker_build/prod.Dockerfile': 'FROM y\nCOPY ${UNKNOWN} /app\n',
    'devops/compose/docker-compose.yml':
      'services:\n  app:\n    volumes:\n      - ../../../shared:/shared\n      - ../..:/app/cmamp\n',
  };
  it('resolves Dockerfile sources against a context outside the dir, compose mounts and uses', () => {
    const config = resolveConfig({
      name: 'cmamp',
      dirConfig: { docker: { context: '..' }, uses: ['../core', 'local_only'] },
      pluginOptions: parsePluginOptions({}),
      file: 'cmamp/repo_config.yaml',
    });
    expect(
      externalPaths({ root: 'cmamp', config, read: (f) => files[f], configFile: 'cmamp/repo_config.yaml' }),
    ).toEqual([
      { path: 'helpers', sourceFile: 'cmamp/devops/docker_build/dev.Dockerfile' },
      { path: '.', sourceFile: 'cmamp/devops/docker_build/prod.Dockerfile' },
      { path: 'shared', sourceFile: 'cmamp/devops/compose/docker-compose.yml' },
      { path: 'core', sourceFile: 'cmamp/repo_config.yaml' },
    ]);
  });

  it('reads every compose file (paths relative to the first) and the other Dockerfiles', () => {
    const config = resolveConfig({
      name: 'im',
      dirConfig: {
        docker: {
          context: '..',
          composeFile: ['devops/compose/base.yml', 'devops/compose/overrides/ci.yml'],
          otherDockerfiles: ['devops/docker_build/tools.Dockerfile'],
        },
      },
      pluginOptions: parsePluginOptions({}),
      file: 'im/repo_config.yaml',
    });
    const imFiles: Record<string, string> = {
      'devops/docker_build/tools.Dockerfile': 'FROM x\nCOPY tools /tools\n',
      'devops/compose/base.yml': 'services:\n  app:\n    volumes:\n      - ../../../data:/data\n',
      // Compose resolves this from base.yml's dir, not from overrides/.
      'devops/compose/overrides/ci.yml': 'services:\n  app:\n    volumes:\n      - ../../../fixtures:/fixtures\n',
    };
    expect(externalPaths({ root: 'im', config, read: (f) => imFiles[f] })).toEqual([
      { path: 'tools', sourceFile: 'im/devops/docker_build/tools.Dockerfile' },
      { path: 'data', sourceFile: 'im/devops/compose/base.yml' },
      { path: 'fixtures', sourceFile: 'im/devops/compose/overrides/ci.yml' },
    ]);
  });

  it('lists the projects a used path holds (a copied package and its tests), not those holding the dir', () => {
    const config = resolveConfig({
      name: 'im',
      dirConfig: { docker: { context: '..' } },
      pluginOptions: parsePluginOptions({}),
      file: 'im/repo_config.yaml',
    });
    const read = (f: string): string | undefined =>
      f === 'devops/docker_build/dev.Dockerfile' ? 'FROM x\nCOPY helpers /app/helpers\n' : undefined;
    expect(
      externalPaths({ root: 'im', config, read, nested: ['.', 'im', 'helpers', 'helpers/test', 'oms', 'oms/test'] }),
    ).toEqual([
      { path: 'helpers', sourceFile: 'im/devops/docker_build/dev.Dockerfile' },
      { path: 'helpers/test', sourceFile: 'im/devops/docker_build/dev.Dockerfile' },
    ]);
  });
});
