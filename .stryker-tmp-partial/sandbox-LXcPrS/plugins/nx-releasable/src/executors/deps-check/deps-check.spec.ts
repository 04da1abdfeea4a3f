// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTempWorkspace, type TempWorkspace } from '../../../../../tools/testing/temp-workspace.js';
import { out } from '../../../../../tools/testing/output.js';

// deps-check through Nx on a copy of the cmamp demo dir (no engine needed).
let ws: TempWorkspace;

describe('deps-check', () => {
  beforeAll(async () => {
    ws = await createTempWorkspace({ apps: ['cmamp'], suffix: 'deps' });
    ws.write('apps/cmamp/research/model.py', 'import sklearn.linear_model\nfrom helpers_local import x\n');
    ws.write('apps/cmamp/research/helpers_local.py', 'x = 1\n');
    const pyproject = ws.read('apps/cmamp/devops/docker_build/pyproject.toml');
    ws.write(
      'apps/cmamp/devops/docker_build/pyproject.toml',
      pyproject.replace('PyYAML = "^6.0"', 'PyYAML = "^6.0"\nrequests = "^2.32"'),
    );
  }, 60_000);
  afterAll(() => ws?.dispose());

  it('reports unused and missing packages, and fails with --strict', async () => {
    const report = await ws.nx(['run', 'cmamp:deps-check']);
    expect(report.exitCode).toBe(0);
    expect(out(report)).toContain('unused (declared, never imported): requests');
    expect(out(report)).toContain('missing (imported, not declared): scikit-learn (import sklearn)');
    const strict = await ws.nx(['run', 'cmamp:deps-check', '--strict']);
    expect(strict.exitCode).not.toBe(0);
    expect(out(strict)).toContain(
      'deps-check --strict: 1 unused and 1 missing package(s) in apps/cmamp/devops/docker_build/pyproject.toml',
    );
  }, 60_000);
});
