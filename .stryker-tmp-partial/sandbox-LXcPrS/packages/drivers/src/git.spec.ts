// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec } from './exec.js';
import {
  claimRelease,
  gitCommonDir,
  isGitIgnored,
  isShallow,
  listTags,
  ReleaseClaimedError,
  remoteTags,
} from './git.js';

const git = (dir: string, ...args: string[]) =>
  exec(['git', '-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args]);

describe('origin tags and shallow clones (real git)', () => {
  it('a shallow clone lacks a released tag that ls-remote still sees', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'releasable-git-'));
    const origin = path.join(root, 'origin');
    await exec(['git', 'init', '-q', '-b', 'main', origin]);
    await git(origin, 'commit', '-q', '--allow-empty', '-m', 'one');
    await git(origin, 'tag', '-a', 'opt-dev-0.9.0', '-m', 'release');
    const first = (await git(origin, 'rev-parse', 'HEAD')).stdout;
    await git(origin, 'commit', '-q', '--allow-empty', '-m', 'two');
    const clone = path.join(root, 'clone');
    await exec(['git', 'clone', '-q', '--depth', '1', '--no-tags', `file://${origin}`, clone]);

    expect(await isShallow(clone)).toBe(true);
    expect(await isShallow(origin)).toBe(false);
    expect(await listTags(clone)).toEqual([]);
    // An annotated tag is peeled to the commit it points at.
    expect(await remoteTags(clone, 30)).toEqual({ tags: { 'opt-dev-0.9.0': first } });
  });

  it('an origin that cannot be read gives an error, not an empty list', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'releasable-git-'));
    await exec(['git', 'init', '-q', root]);
    await git(root, 'remote', 'add', 'origin', path.join(root, 'nowhere.git'));
    const r = await remoteTags(root, 30);
    expect('error' in r && r.error).toMatch(/does not appear to be a git repository|not found/);
  });
});

describe('release claims on origin (real git)', () => {
  const setup = async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'releasable-claim-'));
    const origin = path.join(root, 'origin.git');
    await exec(['git', 'init', '-q', '--bare', '-b', 'main', origin]);
    const seed = path.join(root, 'seed');
    await exec(['git', 'clone', '-q', origin, seed]);
    await git(seed, 'commit', '-q', '--allow-empty', '-m', 'one');
    await git(seed, 'push', '-q', 'origin', 'main');
    const clone = async (name: string) => {
      const dir = path.join(root, name);
      await exec(['git', 'clone', '-q', origin, dir]);
      return { dir, gitDir: (await gitCommonDir(dir))! };
    };
    return { root, origin, a: await clone('a'), b: await clone('b') };
  };
  const claimOf = async (origin: string) =>
    (
      await exec(['git', '-C', origin, 'rev-parse', '--verify', '--quiet', 'refs/releasable/claims/opt-dev-1.0.0'], {
        allowFailure: true,
      })
    ).stdout.trim();

  it('the first run claims, the same clone again finds its own claim, another clone is refused', async () => {
    const { root, origin, a, b } = await setup();
    try {
      expect(await claimRelease(a.dir, a.gitDir, 'opt-dev-1.0.0', 30)).toBe('claimed');
      const claim = await claimOf(origin);
      expect(claim).toMatch(/^[0-9a-f]{40}$/);
      // A commit of its own: HEAD's tree, HEAD as parent, the tool as author, the run in its message.
      const head = (await git(a.dir, 'rev-parse', 'HEAD')).stdout.trim();
      const shown = (
        await exec(['git', '-C', origin, 'show', '-s', '--format=%P|%an <%ae>|%cn|%s', claim])
      ).stdout.trim();
      expect(shown).toBe(
        `${head}|releasable <releasable@localhost>|releasable|releasable claim opt-dev-1.0.0 by ${os.userInfo().username}@${os.hostname()} pid ${process.pid} at ${shown.split(' at ').pop()}`,
      );
      expect(readFileSync(path.join(a.gitDir, 'releasable/claims/opt-dev-1.0.0'), 'utf8')).toBe(`${claim}\n`);

      expect(await claimRelease(a.dir, a.gitDir, 'opt-dev-1.0.0', 30)).toBe('ours');
      const refused = await claimRelease(b.dir, b.gitDir, 'opt-dev-1.0.0', 30).catch((e: unknown) => e as Error);
      expect(refused).toBeInstanceOf(ReleaseClaimedError);
      expect((refused as Error).message).toBe(
        `opt-dev-1.0.0 is claimed on origin by another run (refs/releasable/claims/opt-dev-1.0.0 → ${claim.slice(0, 12)}): it is being, or was, released elsewhere. Nothing was pushed. If that run died, remove its claim ("git push origin :refs/releasable/claims/opt-dev-1.0.0") and run again.`,
      );
      expect(await claimOf(origin)).toBe(claim);
      // Another version is free; once a dead run's claim is removed, the version is too.
      expect(await claimRelease(b.dir, b.gitDir, 'opt-dev-1.1.0', 30)).toBe('claimed');
      await git(b.dir, 'push', '-q', 'origin', ':refs/releasable/claims/opt-dev-1.0.0');
      expect(await claimRelease(b.dir, b.gitDir, 'opt-dev-1.0.0', 30)).toBe('claimed');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("an origin that cannot be reached: the claim fails with git's reason, no claim recorded", async () => {
    const { root, a } = await setup();
    try {
      await git(a.dir, 'remote', 'set-url', 'origin', path.join(root, 'gone.git'));
      await expect(claimRelease(a.dir, a.gitDir, 'opt-dev-1.0.0', 30)).rejects.toThrow(
        /^could not claim opt-dev-1\.0\.0 on origin \(refs\/releasable\/claims\/opt-dev-1\.0\.0\): fatal: .*gone\.git.*\. Nothing was pushed\.$/,
      );
      expect(() => readFileSync(path.join(a.gitDir, 'releasable/claims/opt-dev-1.0.0'))).toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('isGitIgnored reads .gitignore, and says no outside git', async () => {
    const { root, a } = await setup();
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(a.dir, '.gitignore'), '.releasable/\n');
      expect(await isGitIgnored(a.dir, '.releasable/builds/opt/local.json')).toBe(true);
      expect(await isGitIgnored(a.dir, 'opt/local.json')).toBe(false);
      expect(await isGitIgnored(root, '.releasable/builds/opt/local.json')).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
