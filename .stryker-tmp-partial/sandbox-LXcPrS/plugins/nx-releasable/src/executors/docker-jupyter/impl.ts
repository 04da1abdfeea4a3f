// @ts-nocheck
import net from 'node:net';
import { logger } from '@nx/devkit';
import { assertEngine, composeDown, executeContainerRun, planContainerRun } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

/** A port the OS says is free right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default defineExecutor(schema, async (options, project) => {
  await assertEngine();
  const port = options.port ?? (await freePort());
  const run = await planContainerRun(project.workspaceRoot, project.dir, undefined, {
    stage: options.stage,
    user: project.user(options.user),
    service: project.dir.config.docker.jupyterService,
    servicePorts: true,
    composeEnv: { RELEASABLE_JUPYTER_PORT: String(port) },
    ...(options.imageVersion ? { version: options.imageVersion } : {}),
  });
  logger.info(`Jupyter from ${run.image}: http://localhost:${port}  (Ctrl-C to stop)`);
  const stop = (): void => void composeDown(run.compose.composeFiles, run.compose.project, run.composeEnv);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await executeContainerRun(run, options.stage, project.dir.name, 'inherit', progress);
    return result.exitCode === 0 || result.exitCode === 130;
  } finally {
    await composeDown(run.compose.composeFiles, run.compose.project, run.composeEnv);
  }
});
