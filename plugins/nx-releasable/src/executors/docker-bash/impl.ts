import { assertEngine, executeContainerRun, planContainerRun } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  await assertEngine();
  const run = await planContainerRun(p.workspaceRoot, p.dir, [o.shell], {
    stage: o.stage,
    user: p.user(o.user),
    tty: process.stdin.isTTY === true,
    ...(o.version ? { version: o.version } : {}),
  });
  progress(`shell in ${run.image}${run.compose.workdir ? ` at ${run.compose.workdir}` : ''}`);
  const result = await executeContainerRun(run, o.stage, p.dir.name, 'inherit');
  return result.exitCode === 0;
});
