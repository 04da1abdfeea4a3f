// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLAIM_REF_PREFIX, ReleasableError } from '@releasable/core';
import { CommandTimeoutError, exec } from './exec.js';

/** Top of the git work tree containing `dir`, or undefined outside git. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'rev-parse', '--show-toplevel'], {
    allowFailure: true
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** The outermost repo holding `dir` (climbs out of submodules), or undefined outside git. */
export async function outermostRepoRoot(dir: string): Promise<string | undefined> {
  let top = await gitTopLevel(dir);
  while (top) {
    const r = await exec(['git', '-C', top, 'rev-parse', '--show-superproject-working-tree'], {
      allowFailure: true
    });
    const parent = r.exitCode === 0 ? r.stdout.trim() : '';
    if (!parent) return top;
    top = parent;
  }
  return top;
}

/** Commit id of HEAD, or undefined when there is no git or no commit yet. */
export async function headRevision(dir: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'rev-parse', '--verify', '--quiet', 'HEAD'], {
    allowFailure: true
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Files `git status --porcelain` reports (modified, staged, untracked). */
export async function dirtyFiles(dir: string): Promise<string[]> {
  const r = await exec(['git', '-C', dir, 'status', '--porcelain', '--untracked-files=all'], {
    allowFailure: true
  });
  return r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean).map(l => l.slice(3)) : [];
}

/** Current branch name, or undefined on a detached HEAD. */
export async function currentBranch(dir: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'symbolic-ref', '--quiet', '--short', 'HEAD'], {
    allowFailure: true
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}
export async function listTags(dir: string): Promise<string[]> {
  const r = await exec(['git', '-C', dir, 'tag', '--list'], {
    allowFailure: true
  });
  return r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** Commit a tag points at, or undefined when there is no such tag. */
export async function tagCommit(dir: string, tag: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'rev-list', '-n', '1', `refs/tags/${tag}`], {
    allowFailure: true
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}
export async function hasRemote(dir: string, remote = 'origin'): Promise<boolean> {
  const r = await exec(['git', '-C', dir, 'remote'], {
    allowFailure: true
  });
  return r.exitCode === 0 && r.stdout.split('\n').includes(remote);
}

/** Absolute path of the repo's git dir (where per-clone state such as locks lives). */
export async function gitCommonDir(dir: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'rev-parse', '--path-format=absolute', '--git-common-dir'], {
    allowFailure: true
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Whether the clone is shallow (its history, and so its tags, may be cut off). */
export async function isShallow(dir: string): Promise<boolean> {
  const r = await exec(['git', '-C', dir, 'rev-parse', '--is-shallow-repository'], {
    allowFailure: true
  });
  return r.exitCode === 0 && r.stdout.trim() === 'true';
}

/**
 * Tags on a remote with the commit each points at (annotated tags peeled), through
 * `git ls-remote --tags`; `error` when the remote cannot be read within the deadline.
 */
export async function remoteTags(dir: string, timeoutSeconds: number, remote = 'origin'): Promise<{
  tags: Record<string, string>;
} | {
  error: string;
}> {
  try {
    const r = await exec(['git', '-C', dir, 'ls-remote', '--tags', remote], {
      allowFailure: true,
      timeoutMs: timeoutSeconds * 1000,
      // Never stop at a password prompt: a release is unattended.
      env: {
        GIT_TERMINAL_PROMPT: '0'
      }
    });
    // git's first line says what failed; the rest is advice ("Please make sure you have…").
    if (r.exitCode !== 0) return {
      error: r.stderr.trim().split('\n')[0] || `git ls-remote exited ${r.exitCode}`
    };
    const tags: Record<string, string> = {};
    for (const line of r.stdout.split('\n')) {
      const [commit, ref] = line.split('\t');
      if (!commit || !ref?.startsWith('refs/tags/')) continue;
      const name = ref.slice('refs/tags/'.length);
      if (name.endsWith('^{}')) tags[name.slice(0, -3)] = commit;else tags[name] ??= commit;
    }
    return {
      tags
    };
  } catch (error) {
    if (error instanceof CommandTimeoutError) return {
      error: `${remote} gave no answer within ${timeoutSeconds} s (timeouts.remoteGit)`
    };
    throw error;
  }
}

/** Whether git ignores `file` (relative to `dir`); false outside git. */
export async function isGitIgnored(dir: string, file: string): Promise<boolean> {
  const r = await exec(['git', '-C', dir, 'check-ignore', '--quiet', '--no-index', file], {
    allowFailure: true
  });
  return r.exitCode === 0;
}

/** Another run holds the claim of a release on origin. */
export class ReleaseClaimedError extends ReleasableError {
  override readonly name = 'ReleaseClaimedError';
}

/** Where a clone remembers the claims it made, so a resumed release knows its own. */
function claimRecord(gitDir: string, gitTag: string): string {
  if (stryMutAct_9fa48("243")) {
    {}
  } else {
    stryCov_9fa48("243");
    return path.join(gitDir, stryMutAct_9fa48("244") ? "" : (stryCov_9fa48("244"), 'releasable'), stryMutAct_9fa48("245") ? "" : (stryCov_9fa48("245"), 'claims'), gitTag);
  }
}

/** The claim commit origin holds for `ref`: undefined when none, `error` when origin cannot be read. */
async function remoteClaim(repo: string, ref: string, timeoutSeconds: number): Promise<{
  commit?: string;
  error?: string;
}> {
  if (stryMutAct_9fa48("246")) {
    {}
  } else {
    stryCov_9fa48("246");
    const r = await exec(stryMutAct_9fa48("247") ? [] : (stryCov_9fa48("247"), [stryMutAct_9fa48("248") ? "" : (stryCov_9fa48("248"), 'git'), stryMutAct_9fa48("249") ? "" : (stryCov_9fa48("249"), '-C'), repo, stryMutAct_9fa48("250") ? "" : (stryCov_9fa48("250"), 'ls-remote'), stryMutAct_9fa48("251") ? "" : (stryCov_9fa48("251"), 'origin'), ref]), stryMutAct_9fa48("252") ? {} : (stryCov_9fa48("252"), {
      allowFailure: stryMutAct_9fa48("253") ? false : (stryCov_9fa48("253"), true),
      timeoutMs: stryMutAct_9fa48("254") ? timeoutSeconds / 1000 : (stryCov_9fa48("254"), timeoutSeconds * 1000),
      env: stryMutAct_9fa48("255") ? {} : (stryCov_9fa48("255"), {
        GIT_TERMINAL_PROMPT: stryMutAct_9fa48("256") ? "" : (stryCov_9fa48("256"), '0')
      })
    }));
    if (stryMutAct_9fa48("259") ? r.exitCode === 0 : stryMutAct_9fa48("258") ? false : stryMutAct_9fa48("257") ? true : (stryCov_9fa48("257", "258", "259"), r.exitCode !== 0)) return stryMutAct_9fa48("260") ? {} : (stryCov_9fa48("260"), {
      error: stryMutAct_9fa48("263") ? r.stderr.trim().split('\n')[0] && `git ls-remote exited ${r.exitCode}` : stryMutAct_9fa48("262") ? false : stryMutAct_9fa48("261") ? true : (stryCov_9fa48("261", "262", "263"), (stryMutAct_9fa48("264") ? r.stderr.split('\n')[0] : (stryCov_9fa48("264"), r.stderr.trim().split(stryMutAct_9fa48("265") ? "" : (stryCov_9fa48("265"), '\n'))[0])) || (stryMutAct_9fa48("266") ? `` : (stryCov_9fa48("266"), `git ls-remote exited ${r.exitCode}`)))
    });
    const commit = stryMutAct_9fa48("268") ? r.stdout.split('\t')[0].trim() : stryMutAct_9fa48("267") ? r.stdout.split('\t')[0] : (stryCov_9fa48("267", "268"), r.stdout.split(stryMutAct_9fa48("269") ? "" : (stryCov_9fa48("269"), '\t'))[0]?.trim());
    return commit ? stryMutAct_9fa48("270") ? {} : (stryCov_9fa48("270"), {
      commit
    }) : {};
  }
}

/**
 * Claims a release on origin: pushes a commit made for this run (unique: it names host, pid and
 * time) to refs/releasable/claims/<gitTag>. Origin accepts only the first such push: git refuses
 * to replace a ref by a commit that does not descend from it. A claim this clone made before (a
 * resumed release) is its own. Returns whether this call made the claim.
 */
export async function claimRelease(repo: string, gitDir: string, gitTag: string, timeoutSeconds: number): Promise<'claimed' | 'ours'> {
  if (stryMutAct_9fa48("271")) {
    {}
  } else {
    stryCov_9fa48("271");
    const ref = stryMutAct_9fa48("272") ? `` : (stryCov_9fa48("272"), `${CLAIM_REF_PREFIX}${gitTag}`);
    const record = claimRecord(gitDir, gitTag);
    let mine: string | undefined;
    try {
      if (stryMutAct_9fa48("273")) {
        {}
      } else {
        stryCov_9fa48("273");
        mine = stryMutAct_9fa48("274") ? readFileSync(record, 'utf8') : (stryCov_9fa48("274"), readFileSync(record, stryMutAct_9fa48("275") ? "" : (stryCov_9fa48("275"), 'utf8')).trim());
      }
    } catch {
      if (stryMutAct_9fa48("276")) {
        {}
      } else {
        stryCov_9fa48("276");
        mine = undefined;
      }
    }
    const note = stryMutAct_9fa48("277") ? `` : (stryCov_9fa48("277"), `releasable claim ${gitTag} by ${os.userInfo().username}@${os.hostname()} pid ${process.pid} at ${new Date().toISOString()}`);
    // The claim commit has HEAD's tree and HEAD as parent; its identity is the tool's, not the user's.
    const identity = stryMutAct_9fa48("278") ? {} : (stryCov_9fa48("278"), {
      GIT_AUTHOR_NAME: stryMutAct_9fa48("279") ? "" : (stryCov_9fa48("279"), 'releasable'),
      GIT_AUTHOR_EMAIL: stryMutAct_9fa48("280") ? "" : (stryCov_9fa48("280"), 'releasable@localhost')
    });
    const commit = stryMutAct_9fa48("281") ? mine && (await exec(['git', '-C', repo, 'commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', note], {
      timeoutMs: timeoutSeconds * 1000,
      env: {
        ...identity,
        GIT_COMMITTER_NAME: 'releasable',
        GIT_COMMITTER_EMAIL: 'releasable@localhost'
      }
    })).stdout.trim() : (stryCov_9fa48("281"), mine ?? (stryMutAct_9fa48("282") ? (await exec(['git', '-C', repo, 'commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', note], {
      timeoutMs: timeoutSeconds * 1000,
      env: {
        ...identity,
        GIT_COMMITTER_NAME: 'releasable',
        GIT_COMMITTER_EMAIL: 'releasable@localhost'
      }
    })).stdout : (stryCov_9fa48("282"), (await exec(stryMutAct_9fa48("283") ? [] : (stryCov_9fa48("283"), [stryMutAct_9fa48("284") ? "" : (stryCov_9fa48("284"), 'git'), stryMutAct_9fa48("285") ? "" : (stryCov_9fa48("285"), '-C'), repo, stryMutAct_9fa48("286") ? "" : (stryCov_9fa48("286"), 'commit-tree'), stryMutAct_9fa48("287") ? "" : (stryCov_9fa48("287"), 'HEAD^{tree}'), stryMutAct_9fa48("288") ? "" : (stryCov_9fa48("288"), '-p'), stryMutAct_9fa48("289") ? "" : (stryCov_9fa48("289"), 'HEAD'), stryMutAct_9fa48("290") ? "" : (stryCov_9fa48("290"), '-m'), note]), stryMutAct_9fa48("291") ? {} : (stryCov_9fa48("291"), {
      timeoutMs: stryMutAct_9fa48("292") ? timeoutSeconds / 1000 : (stryCov_9fa48("292"), timeoutSeconds * 1000),
      env: stryMutAct_9fa48("293") ? {} : (stryCov_9fa48("293"), {
        ...identity,
        GIT_COMMITTER_NAME: stryMutAct_9fa48("294") ? "" : (stryCov_9fa48("294"), 'releasable'),
        GIT_COMMITTER_EMAIL: stryMutAct_9fa48("295") ? "" : (stryCov_9fa48("295"), 'releasable@localhost')
      })
    }))).stdout.trim())));
    const pushed = await exec(stryMutAct_9fa48("296") ? [] : (stryCov_9fa48("296"), [stryMutAct_9fa48("297") ? "" : (stryCov_9fa48("297"), 'git'), stryMutAct_9fa48("298") ? "" : (stryCov_9fa48("298"), '-C'), repo, stryMutAct_9fa48("299") ? "" : (stryCov_9fa48("299"), 'push'), stryMutAct_9fa48("300") ? "" : (stryCov_9fa48("300"), '--quiet'), stryMutAct_9fa48("301") ? "" : (stryCov_9fa48("301"), 'origin'), stryMutAct_9fa48("302") ? `` : (stryCov_9fa48("302"), `${commit}:${ref}`)]), stryMutAct_9fa48("303") ? {} : (stryCov_9fa48("303"), {
      allowFailure: stryMutAct_9fa48("304") ? false : (stryCov_9fa48("304"), true),
      timeoutMs: stryMutAct_9fa48("305") ? timeoutSeconds / 1000 : (stryCov_9fa48("305"), timeoutSeconds * 1000),
      env: stryMutAct_9fa48("306") ? {} : (stryCov_9fa48("306"), {
        GIT_TERMINAL_PROMPT: stryMutAct_9fa48("307") ? "" : (stryCov_9fa48("307"), '0')
      })
    }));
    const {
      commit: onOrigin,
      error: unreadable
    } = await remoteClaim(repo, ref, timeoutSeconds);
    if (stryMutAct_9fa48("310") ? onOrigin !== commit : stryMutAct_9fa48("309") ? false : stryMutAct_9fa48("308") ? true : (stryCov_9fa48("308", "309", "310"), onOrigin === commit)) {
      if (stryMutAct_9fa48("311")) {
        {}
      } else {
        stryCov_9fa48("311");
        mkdirSync(path.dirname(record), stryMutAct_9fa48("312") ? {} : (stryCov_9fa48("312"), {
          recursive: stryMutAct_9fa48("313") ? false : (stryCov_9fa48("313"), true)
        }));
        writeFileSync(record, stryMutAct_9fa48("314") ? `` : (stryCov_9fa48("314"), `${commit}\n`));
        return mine ? stryMutAct_9fa48("315") ? "" : (stryCov_9fa48("315"), 'ours') : stryMutAct_9fa48("316") ? "" : (stryCov_9fa48("316"), 'claimed');
      }
    }
    if (stryMutAct_9fa48("318") ? false : stryMutAct_9fa48("317") ? true : (stryCov_9fa48("317", "318"), onOrigin)) {
      if (stryMutAct_9fa48("319")) {
        {}
      } else {
        stryCov_9fa48("319");
        throw new ReleaseClaimedError(stryMutAct_9fa48("320") ? `` : (stryCov_9fa48("320"), `${gitTag} is claimed on origin by another run (${ref} → ${stryMutAct_9fa48("321") ? onOrigin : (stryCov_9fa48("321"), onOrigin.slice(0, 12))}): it is being, or was, released elsewhere. Nothing was pushed. If that run died, remove its claim ("git push origin :${ref}") and run again.`), stryMutAct_9fa48("322") ? {} : (stryCov_9fa48("322"), {
          gitTag,
          ref,
          claim: onOrigin
        }));
      }
    }
    throw new ReleasableError(stryMutAct_9fa48("323") ? `` : (stryCov_9fa48("323"), `could not claim ${gitTag} on origin (${ref}): ${stryMutAct_9fa48("326") ? (pushed.stderr.trim().split('\n')[0] || unreadable) && `git push exited ${pushed.exitCode}` : stryMutAct_9fa48("325") ? false : stryMutAct_9fa48("324") ? true : (stryCov_9fa48("324", "325", "326"), (stryMutAct_9fa48("328") ? pushed.stderr.trim().split('\n')[0] && unreadable : stryMutAct_9fa48("327") ? false : (stryCov_9fa48("327", "328"), (stryMutAct_9fa48("329") ? pushed.stderr.split('\n')[0] : (stryCov_9fa48("329"), pushed.stderr.trim().split(stryMutAct_9fa48("330") ? "" : (stryCov_9fa48("330"), '\n'))[0])) || unreadable)) || (stryMutAct_9fa48("331") ? `` : (stryCov_9fa48("331"), `git push exited ${pushed.exitCode}`)))}. Nothing was pushed.`), stryMutAct_9fa48("332") ? {} : (stryCov_9fa48("332"), {
      gitTag,
      ref
    }));
  }
}