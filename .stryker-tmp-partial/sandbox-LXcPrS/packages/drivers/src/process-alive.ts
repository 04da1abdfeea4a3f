/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
// @ts-nocheck

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
