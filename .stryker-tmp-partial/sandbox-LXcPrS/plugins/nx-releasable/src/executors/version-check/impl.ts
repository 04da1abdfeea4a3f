// @ts-nocheck
import { logger } from '@nx/devkit';
import {
  compareCodeAndContainer,
  CONTAINER_VERSION_ENV,
  ReleasableError,
  resolveCodeVersion,
  stageRefs,
} from '@releasable/core';
import { assertEngine, inspectImage, provideStageImage, requireLocalImage } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  const codeVersion = resolveCodeVersion(project.dir, options.imageVersion);
  const refs = stageRefs(project.dir.config, options.stage, codeVersion, project.user(options.user), []);
  // The floating tag (dev, prod) is what users run; without it, the versioned image, which a
  // build record may say where to pull from.
  const floating = options.image ? undefined : refs.localFloating;
  let image = options.image ?? floating ?? refs.local;
  await assertEngine();
  if (options.image) await requireLocalImage(image, options.stage, project.dir.name);
  else if (!floating || !(await inspectImage(floating))) {
    await provideStageImage(project.workspaceRoot, project.dir, refs.local, options.stage, refs.version, progress);
    image = refs.local;
  }
  const info = (await inspectImage(image))!;
  const containerVersion = info.env[CONTAINER_VERSION_ENV] ?? info.labels['org.opencontainers.image.version'];
  if (!containerVersion) {
    throw new ReleasableError(
      `${image} carries no version (${CONTAINER_VERSION_ENV} env or org.opencontainers.image.version label); rebuild it with nx run ${project.dir.name}:docker-build-local.`,
    );
  }
  const c = compareCodeAndContainer(options.stage, codeVersion, containerVersion);
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
    `- pull the matching container: nx run ${project.dir.name}:docker-pull --stage ${options.stage === 'local' ? 'dev' : options.stage}${options.stage === 'local' ? ' (or rebuild: docker-build-local)' : ''}`,
  ].join('\n');
  if (options.warnOnly) {
    logger.warn(message);
    return;
  }
  throw new ReleasableError(message, { codeVersion: c.codeVersion, containerVersion: c.containerVersion });
});
