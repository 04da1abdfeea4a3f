// @ts-nocheck
import { exec, type ExecResult, type OutputMode } from './exec.js';

let cachedPrefix: Promise<readonly string[]> | undefined;

/** `docker compose` (v2) when the plugin answers, else `docker-compose` (v1). */
export function composeCommand(): Promise<readonly string[]> {
  cachedPrefix ??= exec(['docker', 'compose', 'version'], { allowFailure: true }).then(
    (r) => (r.exitCode === 0 ? ['docker', 'compose'] : ['docker-compose']),
    () => ['docker-compose'],
  );
  return cachedPrefix;
}

export interface ComposeRunOptions {
  /** Merged in order (`-f a -f b`). */
  readonly composeFiles: readonly string[];
  /** Compose project name (keeps containers and networks of different dirs apart). */
  readonly project: string;
  readonly service: string;
  readonly command?: readonly string[];
  /** `host:container[:mode]` bind mounts added to the service's own. */
  readonly volumes?: readonly string[];
  readonly workdir?: string;
  /** Variables set inside the container. */
  readonly env?: Readonly<Record<string, string>>;
  /** Attach a TTY (interactive shells); otherwise `-T`. */
  readonly tty?: boolean;
  readonly servicePorts?: boolean;
}

/** `--file a --file b` for compose files merged in order. */
function fileArgs(composeFiles: readonly string[]): string[] {
  return composeFiles.flatMap((f) => ['--file', f]);
}

/** `<compose> -f file… -p project run --rm …` argv (pure). */
export function composeRunArgv(prefix: readonly string[], o: ComposeRunOptions): string[] {
  const argv = [...prefix, ...fileArgs(o.composeFiles), '--project-name', o.project, 'run', '--rm'];
  if (!o.tty) argv.push('-T');
  if (o.servicePorts) argv.push('--service-ports');
  for (const v of o.volumes ?? []) argv.push('--volume', v);
  if (o.workdir) argv.push('--workdir', o.workdir);
  for (const [k, v] of Object.entries(o.env ?? {})) argv.push('-e', `${k}=${v}`);
  argv.push(o.service, ...(o.command ?? []));
  return argv;
}

/**
 * Runs a service through compose. `composeEnv` is the environment of the compose process
 * itself (variables the compose file interpolates, e.g. RELEASABLE_IMAGE).
 */
export async function composeRun(
  o: ComposeRunOptions,
  composeEnv: Readonly<Record<string, string>>,
  output: OutputMode,
): Promise<ExecResult> {
  const argv = composeRunArgv(await composeCommand(), o);
  try {
    return await exec(argv, { env: composeEnv, output, allowFailure: true });
  } finally {
    await removeIdleProjectNetwork(o.project);
  }
}

/**
 * `compose run --rm` removes its container but leaves the project's network; the engine has
 * room for only ~30 such networks ("could not find an available, non-overlapping IPv4 address
 * pool"). Remove it when nothing uses it: the engine refuses while a container is attached
 * (another docker-bash, a jupyter service), and that refusal is fine.
 */
export async function removeIdleProjectNetwork(project: string): Promise<void> {
  await exec(['docker', 'network', 'rm', `${project}_default`], { allowFailure: true });
}

/** Stops and removes what `compose up` started for a project. */
export async function composeDown(
  composeFiles: readonly string[],
  project: string,
  env: Readonly<Record<string, string>>,
): Promise<void> {
  const prefix = await composeCommand();
  await exec([...prefix, ...fileArgs(composeFiles), '--project-name', project, 'down', '--remove-orphans'], {
    env,
    allowFailure: true,
  });
}
