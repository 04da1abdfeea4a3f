import { splitCommandLine } from '@releasable/core';
import { assertEngine, executeContainerRun, formatArgv, planContainerRun } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  const argv = splitCommandLine(o.cmd);
  await assertEngine();
  const run = await planContainerRun(p.workspaceRoot, p.dir, argv, {
    stage: o.stage,
    user: p.user(o.user),
    ...(o.version ? { version: o.version } : {}),
  });
  progress(`${formatArgv(argv)} in ${run.image}`);
  const result = await executeContainerRun(run, o.stage, p.dir.name, 'stream');
  if (result.exitCode !== 0) progress(`exit code ${result.exitCode}`);
  return result.exitCode === 0;
});
