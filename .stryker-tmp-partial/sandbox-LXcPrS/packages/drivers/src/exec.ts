// @ts-nocheck
import { execa, type Options as ExecaOptions } from 'execa';
import { ReleasableError } from '@releasable/core';

/** How a command's output is handled. */
export type OutputMode =
  /** Capture stdout/stderr silently (default). */
  | 'capture'
  /** Show output live and also capture it (builds, pushes, tests). */
  | 'stream'
  /** Hand the terminal to the command (interactive shells). */
  | 'inherit';

export interface ExecOptions {
  readonly cwd?: string;
  /** Extra environment variables, added to the current environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Text fed to stdin (e.g. a password for `docker login --password-stdin`); never logged. */
  readonly input?: string;
  readonly output?: OutputMode;
  /** Return a non-zero exit code instead of throwing (a timeout still throws). */
  readonly allowFailure?: boolean;
  /** Deadline for the whole command; past it the command is killed (CommandTimeoutError). */
  readonly timeoutMs?: number;
  /** Deadline between two pieces of output (pushes, pulls: a hung registry goes silent). */
  readonly idleTimeoutMs?: number;
}

export interface ExecResult {
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A command ran and failed; carries its argv, exit code and the end of its stderr. */
export class CommandFailedError extends ReleasableError {
  override readonly name = 'CommandFailedError';
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    cause: unknown,
    /** The output was already shown live (streamed): the message does not repeat it. */
    shown = false,
  ) {
    const tail = shown ? '' : stderr.trim().split('\n').slice(-15).join('\n');
    super(
      `command failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}: ${formatArgv(argv)}${tail ? `\n${tail}` : ''}`,
      { argv, exitCode },
      { cause },
    );
  }
}

/**
 * A command passed its deadline and was killed. Retryable: rerunning may succeed once the
 * other side (registry, origin) answers again.
 */
export class CommandTimeoutError extends ReleasableError {
  override readonly name = 'CommandTimeoutError';
  readonly retryable = true;
  constructor(
    readonly argv: readonly string[],
    readonly seconds: number,
    readonly idle: boolean,
    cause: unknown,
  ) {
    super(
      `${idle ? `no progress for ${seconds} s` : `no answer within ${seconds} s`}, stopped: ${formatArgv(argv)}`,
      { argv, seconds, idle },
      { cause },
    );
  }
}

/** A program is not installed or not on PATH. */
export class ProgramNotFoundError extends ReleasableError {
  override readonly name = 'ProgramNotFoundError';
}

const INSTALL_HINTS: Record<string, string> = {
  docker: 'install the Docker client (Debian: apt-get install docker.io), or run tools/docker-env/up.sh',
  'docker-compose': 'install Compose (Debian: apt-get install docker-compose) or the "docker compose" plugin',
  git: 'install git (Debian: apt-get install git)',
};

/** Quotes an argv for display only; commands are never run through a shell. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** What running a command gave, before exec's rules (errors, deadlines) apply. */
export interface SpawnOutcome {
  /** Undefined when the process did not exit by itself (killed). */
  readonly exitCode?: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The program is not on PATH. */
  readonly notFound?: boolean;
  /** Killed at `timeoutMs`. */
  readonly timedOut?: boolean;
  /** Killed after `idleTimeoutMs` without output. */
  readonly idleTimedOut?: boolean;
}

/** Runs one argv; the real one spawns it, a test's answers from recorded outcomes. */
export type Spawner = (argv: readonly string[], options: ExecOptions) => Promise<SpawnOutcome>;

/** Spawns with execa: argv arrays, no shell, env passed explicitly, deadlines enforced. */
const spawnProcess: Spawner = async (argv, options) => {
  const [program, ...args] = argv;
  const output = options.output ?? 'capture';
  const execaOptions: ExecaOptions = {
    cwd: options.cwd,
    env: options.env as Record<string, string>,
    extendEnv: true,
    reject: false,
    stripFinalNewline: true,
    timeout: options.timeoutMs,
    ...(options.input === undefined
      ? { stdin: output === 'inherit' ? 'inherit' : 'ignore' }
      : { input: options.input }),
    stdout: output === 'capture' ? 'pipe' : output === 'stream' ? ['pipe', 'inherit'] : 'inherit',
    stderr: output === 'capture' ? 'pipe' : output === 'stream' ? ['pipe', 'inherit'] : 'inherit',
  };
  const subprocess = execa(program!, args, execaOptions);
  let idleTimedOut = false;
  let timer: NodeJS.Timeout | undefined;
  if (options.idleTimeoutMs !== undefined) {
    const idleMs = options.idleTimeoutMs;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idleTimedOut = true;
        subprocess.kill('SIGKILL');
      }, idleMs);
    };
    arm();
    subprocess.stdout?.on('data', arm);
    subprocess.stderr?.on('data', arm);
  }
  const result = await subprocess;
  clearTimeout(timer);
  return {
    ...(result.exitCode === undefined && result.failed ? {} : { exitCode: result.exitCode ?? 0 }),
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: typeof result.stderr === 'string' ? result.stderr : '',
    notFound: (result as { code?: string }).code === 'ENOENT',
    timedOut: Boolean(result.timedOut),
    idleTimedOut,
  };
};

let spawner: Spawner = spawnProcess;

/**
 * Replaces how exec runs commands, for tests of the runner's decisions against recorded
 * docker/git outcomes; returns a function that puts the previous spawner back.
 */
export function replaceSpawner(next: Spawner): () => void {
  const previous = spawner;
  spawner = next;
  return () => {
    spawner = previous;
  };
}

/**
 * The one place releasable runs processes: argv arrays, no shell, env passed explicitly.
 * Throws CommandFailedError (argv + stderr kept), CommandTimeoutError or ProgramNotFoundError.
 */
export async function exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const [program] = argv;
  if (!program) throw new ReleasableError('exec: empty argv');
  const result = await spawner(argv, options);
  const { stdout, stderr } = result;
  if (result.notFound) {
    throw new ProgramNotFoundError(
      `"${program}" was not found on PATH; ${INSTALL_HINTS[program] ?? `install ${program}`}.`,
      { argv },
      { cause: result },
    );
  }
  if (result.idleTimedOut) throw new CommandTimeoutError(argv, options.idleTimeoutMs! / 1000, true, result);
  if (result.timedOut) throw new CommandTimeoutError(argv, options.timeoutMs! / 1000, false, result);
  // A process killed by a signal has no exit code; it failed all the same.
  const exitCode = result.exitCode ?? 1;
  if (exitCode !== 0 && !options.allowFailure) {
    const shown = options.output === 'stream' || options.output === 'inherit';
    throw new CommandFailedError(argv, result.exitCode, stderr, result, shown);
  }
  return { argv, exitCode, stdout, stderr };
}
