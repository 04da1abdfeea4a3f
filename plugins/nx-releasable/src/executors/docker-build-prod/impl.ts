import path from 'node:path';
import { imageLabels, resolveCodeVersion, stageBuildArgs, stagedNote, stageRefs } from '@releasable/core';
import {
  assertEngine,
  buildImage,
  headRevision,
  inspectImage,
  pullImage,
  requireLocalImage,
  stagedContextFor,
  tagImage,
} from '@releasable/drivers';
import { buildRegistrySteps } from '../shared/build-registry.js';
import { defineExecutor, progress } from '../shared/define.js';
import { asList, parseBuildArgs } from '../shared/options.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  const version = resolveCodeVersion(project.dir, options.imageVersion);
  const user = project.user(options.user);
  const dev = stageRefs(project.dir.config, 'dev', version, user);
  const prod = stageRefs(project.dir.config, 'prod', version, user, []);
  await assertEngine();
  const source = dev.remotes[0];
  if (!(await inspectImage(dev.local)) && source) {
    progress(`${dev.local} is not local; pulling ${source.versioned}`);
    await pullImage(source.versioned, project.dir.config.timeouts.transfer);
    await tagImage(source.versioned, dev.local);
  }
  await requireLocalImage(dev.local, 'dev', project.dir.name);
  const dockerfile = path.join(project.absRoot, project.dir.config.docker.prodDockerfile);
  const revision = await headRevision(project.absRoot);
  const context = path.join(project.absRoot, project.dir.config.docker.context);
  const registry = buildRegistrySteps(project, 'prod');
  const layerCache = await registry.prepare(options.cache);
  const staged = stagedContextFor(context, 'prod');
  progress(`building ${prod.local} FROM ${dev.local}${stagedNote({ stagedContext: staged })}`);
  await buildImage({
    dockerfile,
    context,
    ...(staged ? { stagedContext: staged } : {}),
    tags: [prod.local, prod.localFloating!],
    buildArgs: stageBuildArgs('prod', {
      version: prod.version,
      devImage: dev.local,
      extra: parseBuildArgs(asList(options.buildArg)),
    }),
    labels: imageLabels({
      name: project.dir.name,
      version: prod.version,
      source: project.dir.root,
      ...(revision ? { revision } : {}),
    }),
    noCache: !options.cache,
    ...layerCache,
  });
  progress(`built ${prod.local} and ${prod.localFloating}`);
  await registry.publish(prod.local, prod.version, revision);
});
