import { logger } from '@nx/devkit';
import {
  compareCodeAndContainer,
  CONTAINER_VERSION_ENV,
  ReleasableError,
  resolveCodeVersion,
  stageRefs,
} from '@releasable/core';
import { assertEngine, inspectImage, requireLocalImage } from '@releasable/drivers';
import { defineExecutor } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  const codeVersion = resolveCodeVersion(p.dir, o.version);
  const refs = stageRefs(p.dir.config, o.stage, codeVersion, p.user(o.user), []);
  const image = o.image ?? refs.localFloating ?? refs.local;
  await assertEngine();
  await requireLocalImage(image, o.stage, p.dir.name);
  const info = (await inspectImage(image))!;
  const containerVersion = info.env[CONTAINER_VERSION_ENV] ?? info.labels['org.opencontainers.image.version'];
  if (!containerVersion) {
    throw new ReleasableError(
      `${image} carries no version (${CONTAINER_VERSION_ENV} env or org.opencontainers.image.version label); rebuild it with nx run ${p.dir.name}:docker-build-local.`,
    );
  }
  const c = compareCodeAndContainer(o.stage, codeVersion, containerVersion);
  if (c.inSync) {
    logger.info(
      `${image}: container version ${c.containerVersion} matches code version ${c.codeVersion} (${c.compared}).`,
    );
    return;
  }
  const message = [
    `This code is not in sync with the container ${image}:`,
    `code_version='${c.codeVersion}' != container_version='${c.containerVersion}' (compared ${c.compared}${c.compared === 'major.minor' ? '; a dev image serves every patch of its minor' : ''})`,
    'You need to:',
    '- merge the main branch into your branch, if the code is behind',
    `- pull the matching container: nx run ${p.dir.name}:docker-pull --stage ${o.stage === 'local' ? 'dev' : o.stage}${o.stage === 'local' ? ' (or rebuild: docker-build-local)' : ''}`,
  ].join('\n');
  if (o.warnOnly) {
    logger.warn(message);
    return;
  }
  throw new ReleasableError(message, { codeVersion: c.codeVersion, containerVersion: c.containerVersion });
});
