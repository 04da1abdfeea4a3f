import { describe } from '@jest/globals';
import { assertEngine } from '@releasable/drivers';

/** Whether a Docker engine answers. */
export async function engineAnswers(): Promise<boolean> {
  try {
    await assertEngine();
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` for tests that need the real engine (call with top-level await). Without an
 * engine they are skipped on a developer machine and fail under CI=true: a missing engine is
 * never a silent pass there.
 */
export async function describeWithEngine(name: string, fn: () => void): Promise<void> {
  if (await engineAnswers()) return describe(name, fn);
  if (process.env['CI'] === 'true') {
    return describe(name, () => {
      throw new Error(
        'CI=true but no Docker engine answers: run tools/docker-env/up.sh (.ci/run does) before the tests.',
      );
    });
  }
  return describe.skip(`${name} (no Docker engine: run tools/docker-env/up.sh)`, fn);
}

/** A suffix unique to this test run, so parallel runs and reruns never collide. */
export function uniqueSuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}`;
}

/** The first engine, the one `docker` talks to by default (agent A in the two-engine tests). */
export const FIRST_ENGINE = 'unix:///var/run/docker.sock';

/** The second engine tools/docker-env/up.sh starts: another CI agent on this machine. */
export const SECOND_ENGINE = `unix://${process.env['RELEASABLE_SECOND_ENGINE_SOCKET'] ?? '/var/run/releasable-engine-b.sock'}`;

/**
 * `describe` for tests that need two engines (call with top-level await): skipped on a
 * developer machine without the second one, a failure under CI=true.
 */
export async function describeWithTwoEngines(name: string, fn: () => void): Promise<void> {
  let second = false;
  try {
    await assertEngine({ ...process.env, DOCKER_HOST: SECOND_ENGINE });
    second = true;
  } catch {
    // reported below
  }
  if (second) return describeWithEngine(name, fn);
  if (process.env['CI'] === 'true') {
    return describe(name, () => {
      throw new Error(`CI=true but the second engine (${SECOND_ENGINE}) does not answer: run tools/docker-env/up.sh.`);
    });
  }
  return describe.skip(`${name} (no second engine at ${SECOND_ENGINE}: run tools/docker-env/up.sh)`, fn);
}
