/** A command's whole output, for assertions on what the user saw. */
// @ts-nocheck

export const out = (r: { stdout: string; stderr: string }): string => r.stdout + r.stderr;

/** Exit code plus the end of the output when it failed, so a failing assertion shows why. */
export const ok = (r: { exitCode: number; stdout: string; stderr: string }): { code: number; tail: string } => ({
  code: r.exitCode,
  tail: r.exitCode ? out(r).slice(-2500) : '',
});
