import path from 'node:path';
import { imageLabels, resolveCodeVersion, stageRefs } from '@releasable/core';
import {
  assertEngine,
  buildImage,
  headRevision,
  inspectImage,
  pullImage,
  requireLocalImage,
  tagImage,
} from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  const version = resolveCodeVersion(p.dir, o.version);
  const user = p.user(o.user);
  const dev = stageRefs(p.dir.config, 'dev', version, user);
  const prod = stageRefs(p.dir.config, 'prod', version, user, []);
  await assertEngine();
  const source = dev.remotes[0];
  if (!(await inspectImage(dev.local)) && source) {
    progress(`${dev.local} is not local; pulling ${source.versioned}`);
    await pullImage(source.versioned);
    await tagImage(source.versioned, dev.local);
  }
  await requireLocalImage(dev.local, 'dev', p.dir.name);
  const dockerfile = path.join(p.absRoot, p.dir.config.docker.prodDockerfile);
  const revision = await headRevision(p.absRoot);
  progress(`building ${prod.local} FROM ${dev.local}`);
  await buildImage({
    dockerfile,
    context: path.join(p.absRoot, p.dir.config.docker.context),
    tags: [prod.local, prod.localFloating!],
    buildArgs: { DEV_IMAGE: dev.local, PROD_VERSION: prod.version },
    labels: imageLabels({
      name: p.dir.name,
      version: prod.version,
      source: p.dir.root,
      ...(revision ? { revision } : {}),
    }),
    noCache: !o.cache,
  });
  progress(`built ${prod.local} and ${prod.localFloating}`);
});
