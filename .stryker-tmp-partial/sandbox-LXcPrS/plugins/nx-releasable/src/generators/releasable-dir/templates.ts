// @ts-nocheck
import type { KINDS } from './options.js';

export interface TemplateInput {
  readonly name: string;
  readonly kind: (typeof KINDS)[number];
  readonly baseImage: string;
  readonly date: string;
  readonly registries: readonly string[];
}

const SH_RUNNER = `#!/bin/sh
# Runs the test list named by $1 (fast, slow, superslow): every tests/<list>_*.sh.
list=\${1:?usage: run.sh fast|slow|superslow}
cd "$(dirname "$0")/.." || exit 2
status=0; count=0
for t in tests/\${list}_*.sh; do
  [ -e "$t" ] || continue
  count=$((count + 1))
  if sh "$t"; then echo "PASS $t"; else echo "FAIL $t"; status=1; fi
done
echo "$list: $count test(s) run"
exit $status
`;

const QA = `#!/bin/sh
# QA from the host against an image ($1): it must start and report its version.
set -eu
image=\${1:?usage: run_qa.sh <image>}
version=$(docker run --rm "$image" sh -c 'echo "$AM_CONTAINER_VERSION"')
[ -n "$version" ] || { echo "QA: $image has no AM_CONTAINER_VERSION"; exit 1; }
echo "QA: $image reports version $version"
`;

function kindFiles(i: TemplateInput): {
  files: Record<string, string>;
  tests: Record<string, string[]>;
  install: string;
} {
  switch (i.kind) {
    case 'python':
      return {
        files: {
          [`src/${i.name.replace(/[^a-z0-9_]/g, '_')}/__init__.py`]: `"""${i.name}: a releasable dir."""\n\n\ndef greet(who: str = "world") -> str:\n    return f"${i.name} says hello to {who}"\n`,
          'tests/test_smoke.py': `import os\nimport sys\n\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))\n\nfrom ${i.name.replace(/[^a-z0-9_]/g, '_')} import greet  # noqa: E402\n\n\ndef test_greet() -> None:\n    assert greet("team") == "${i.name} says hello to team"\n\n\ndef test_version_is_baked_in() -> None:\n    assert os.environ.get("AM_CONTAINER_VERSION")\n`,
          // A list with no test yet (slow, superslow) passes: pytest exits 5 when nothing is selected.
          'conftest.py':
            'def pytest_sessionfinish(session, exitstatus):\n    """An empty test list (none marked slow yet) is not a failure."""\n    if exitstatus == 5:\n        session.exitstatus = 0\n',
          // Tests run over the mounted repo: no cache dir written into it (the tree stays clean for a release).
          'pytest.ini':
            '[pytest]\naddopts = -p no:cacheprovider\nmarkers =\n    slow: slow tests\n    superslow: very slow tests\n    qa: run on the host against an image\n',
          // What the image installs, for deps-check (imports vs declared packages).
          'devops/docker_build/pyproject.toml': [
            '[project]',
            `name = "${i.name}"`,
            'version = "0.1.0"',
            'requires-python = ">=3.9"',
            'dependencies = []',
            '',
            '[project.optional-dependencies]',
            'test = ["pytest"]',
            '',
          ].join('\n'),
          '.gitignore': '__pycache__/\n*.pyc\n.pytest_cache/\n',
        },
        tests: {},
        install: 'ENV PYTHONDONTWRITEBYTECODE=1\nRUN pip install --no-cache-dir pytest',
      };
    case 'node':
      return {
        files: {
          'src/index.js': `export function greet(who = 'world') {\n  return \`${i.name} says hello to \${who}\`;\n}\n`,
          'package.json': `${JSON.stringify({ name: i.name, private: true, type: 'module' }, null, 2)}\n`,
          'tests/smoke.test.js': `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { greet } from '../src/index.js';\n\ntest('greets', () => assert.equal(greet('team'), '${i.name} says hello to team'));\ntest('version is baked in', () => assert.ok(process.env.AM_CONTAINER_VERSION));\n`,
        },
        tests: {
          fast: ['node', '--test', 'tests/'],
          slow: ['node', '--test', 'tests/'],
          superslow: ['node', '--test', 'tests/'],
        },
        install: '',
      };
    case 'generic':
      return {
        files: {
          'src/hello.sh': `#!/bin/sh\ngreet() {\n  echo "${i.name} says hello to \${1:-world}"\n}\n`,
          'tests/run.sh': SH_RUNNER,
          'tests/fast_smoke.sh': `#!/bin/sh\n. ./src/hello.sh\n[ "$(greet team)" = "${i.name} says hello to team" ]\n`,
          'tests/slow_version.sh': '#!/bin/sh\ntest -n "${AM_CONTAINER_VERSION:-}"\n',
        },
        tests: {
          fast: ['sh', 'tests/run.sh', 'fast'],
          slow: ['sh', 'tests/run.sh', 'slow'],
          superslow: ['sh', 'tests/run.sh', 'superslow'],
        },
        install: '',
      };
  }
}

const yamlList = (argv: readonly string[]): string => `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;

/** Every file of a new releasable dir, relative to it (pure: name, kind and base image in, text out). */
export function releasableDirFiles(i: TemplateInput): Record<string, string> {
  const k = kindFiles(i);
  const testLines = Object.entries(k.tests).map(([list, argv]) => `  ${list}: { command: ${yamlList(argv)} }`);
  const repoConfig = [
    '# Releasable dir config: see the @releasable/nx README, "Configuration reference".',
    `name: ${i.name}`,
    `image: ${i.name}`,
    ...(i.registries.length ? [`targetRegistries: ${yamlList(i.registries)}`] : []),
    ...(testLines.length ? ['tests:', ...testLines] : []),
    'qa:',
    `  command: ${yamlList(['sh', 'qa/run_qa.sh', '{image}'])}`,
    '',
  ].join('\n');
  return {
    ...k.files,
    'qa/run_qa.sh': QA,
    'changelog.txt': `# ${i.name}-0.1.0\n- ${i.date}\n- First version of the ${i.name} image\n`,
    'repo_config.yaml': repoConfig,
    '.dockerignore': '# Never ship secrets or history in an image.\n.git\n.env\n**/__pycache__\n**/node_modules\n',
    'devops/docker_build/dev.Dockerfile': [
      '# Dev image: what the code needs to run. The code is mounted at run time.',
      `ARG BASE_IMAGE=${i.baseImage}`,
      'FROM ${BASE_IMAGE}',
      'ARG AM_CONTAINER_VERSION',
      'ENV AM_CONTAINER_VERSION=${AM_CONTAINER_VERSION}',
      ...(k.install ? [k.install] : []),
      'WORKDIR /app',
      '',
    ].join('\n'),
    'devops/docker_build/prod.Dockerfile': [
      '# Prod image: the dev image of the same major.minor with the code copied in.',
      'ARG DEV_IMAGE',
      'FROM ${DEV_IMAGE}',
      '# Own name: the dev image ENV AM_CONTAINER_VERSION would shadow an ARG of that name.',
      'ARG PROD_VERSION',
      'ENV AM_CONTAINER_VERSION=${PROD_VERSION}',
      'COPY . /app',
      'WORKDIR /app',
      '',
    ].join('\n'),
    'devops/compose/docker-compose.yml': [
      'version: "3.0"',
      'services:',
      '  app:',
      '    image: ${RELEASABLE_IMAGE}',
      '    env_file:',
      '      - ../env/default.env',
      '    environment:',
      '      - AM_CONTAINER_VERSION=${RELEASABLE_CONTAINER_VERSION}',
      '      - CI=${CI:-}',
      '',
    ].join('\n'),
    'devops/env/default.env': `# Variables every ${i.name} container gets (compose env_file).\nAPP_NAME=${i.name}\n`,
  };
}
