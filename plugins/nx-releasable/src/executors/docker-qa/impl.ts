import { fillPlaceholders, resolveCodeVersion, stageRefs } from '@releasable/core';
import { assertEngine, exec, formatArgv, requireLocalImage } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  const version = resolveCodeVersion(p.dir, o.version);
  const refs = stageRefs(p.dir.config, o.stage, version, p.user(o.user), []);
  await assertEngine();
  await requireLocalImage(refs.local, o.stage, p.dir.name);
  const argv = fillPlaceholders(p.dir.config.qa.command, { image: refs.local, stage: o.stage, version: refs.version });
  progress(`QA against ${refs.local}: ${formatArgv(argv)}`);
  const result = await exec(argv, {
    cwd: p.absRoot,
    output: 'stream',
    allowFailure: true,
    env: { RELEASABLE_IMAGE: refs.local, RELEASABLE_STAGE: o.stage, RELEASABLE_VERSION: refs.version },
  });
  if (result.exitCode !== 0) progress(`QA failed with exit code ${result.exitCode}`);
  return result.exitCode === 0;
});
