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
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILD_TARGET, buildRecordFile, buildRegistryRefs, digestRef, formatBuildRecord, parseBuildRecord, PRODUCER_TARGET, ReleasableError, type BuildRecord, type BuiltStage, type ResolvedRegistry, type Timeouts } from '@releasable/core';
import { ImageNotFoundError, inspectImage, pullImage, tagImage } from './docker.js';
import { CommandFailedError, exec } from './exec.js';
import { headRevision, isGitIgnored } from './git.js';
import { withRegistrySession } from './registry-login.js';
import { backoff, pushWithRetry } from './release/push-retry.js';
const REVISION_LABEL = stryMutAct_9fa48("105") ? "" : (stryCov_9fa48("105"), 'org.opencontainers.image.revision');

/** Where an image of a stage may come from besides the local engine: the build's record. */
export interface BuildSource {
  readonly workspaceRoot: string;
  readonly project: string;
  readonly stage: BuiltStage;
  readonly buildRegistry?: ResolvedRegistry;
  readonly timeouts: Timeouts;
}
function producer(source: Pick<BuildSource, 'project' | 'stage'>): string {
  if (stryMutAct_9fa48("106")) {
    {}
  } else {
    stryCov_9fa48("106");
    return stryMutAct_9fa48("107") ? `` : (stryCov_9fa48("107"), `nx run ${source.project}:${BUILD_TARGET[source.stage]}`);
  }
}

/** The build record of a dir's stage, if a build (or Nx restoring one from its cache) left one. */
export function readBuildRecord(source: Pick<BuildSource, 'workspaceRoot' | 'project' | 'stage'>): BuildRecord | undefined {
  if (stryMutAct_9fa48("108")) {
    {}
  } else {
    stryCov_9fa48("108");
    const file = buildRecordFile(source.project, source.stage);
    const abs = path.join(source.workspaceRoot, file);
    if (stryMutAct_9fa48("111") ? false : stryMutAct_9fa48("110") ? true : stryMutAct_9fa48("109") ? existsSync(abs) : (stryCov_9fa48("109", "110", "111"), !existsSync(abs))) return undefined;
    return parseBuildRecord(readFileSync(abs, stryMutAct_9fa48("112") ? "" : (stryCov_9fa48("112"), 'utf8')), file, producer(source));
  }
}

/** Writes the record whole, then renames it: Nx never caches half a record. */
export function writeBuildRecord(workspaceRoot: string, record: BuildRecord): string {
  if (stryMutAct_9fa48("113")) {
    {}
  } else {
    stryCov_9fa48("113");
    const abs = path.join(workspaceRoot, buildRecordFile(record.project, record.stage));
    mkdirSync(path.dirname(abs), stryMutAct_9fa48("114") ? {} : (stryCov_9fa48("114"), {
      recursive: stryMutAct_9fa48("115") ? false : (stryCov_9fa48("115"), true)
    }));
    writeFileSync(stryMutAct_9fa48("116") ? `` : (stryCov_9fa48("116"), `${abs}.tmp`), formatBuildRecord(record));
    renameSync(stryMutAct_9fa48("117") ? `` : (stryCov_9fa48("117"), `${abs}.tmp`), abs);
    return abs;
  }
}

/** The first line of what a failed command or login said (Docker's own words). */
function firstLine(error: unknown): string {
  if (stryMutAct_9fa48("118")) {
    {}
  } else {
    stryCov_9fa48("118");
    const text = (stryMutAct_9fa48("121") ? error instanceof CommandFailedError || error.stderr.trim() : stryMutAct_9fa48("120") ? false : stryMutAct_9fa48("119") ? true : (stryCov_9fa48("119", "120", "121"), error instanceof CommandFailedError && (stryMutAct_9fa48("122") ? error.stderr : (stryCov_9fa48("122"), error.stderr.trim())))) ? error.stderr : (error as Error).message;
    return stryMutAct_9fa48("123") ? text.trim().split('\n')[0] && '' : (stryCov_9fa48("123"), (stryMutAct_9fa48("124") ? text.split('\n')[0] : (stryCov_9fa48("124"), text.trim().split(stryMutAct_9fa48("125") ? "" : (stryCov_9fa48("125"), '\n'))[0])) ?? (stryMutAct_9fa48("126") ? "Stryker was here!" : (stryCov_9fa48("126"), '')));
  }
}

/** The build registry as a login target (its `auth`, if any, is used like a release registry's). */
function loginOf(registry: ResolvedRegistry) {
  if (stryMutAct_9fa48("127")) {
    {}
  } else {
    stryCov_9fa48("127");
    return stryMutAct_9fa48("128") ? [] : (stryCov_9fa48("128"), [stryMutAct_9fa48("129") ? {} : (stryCov_9fa48("129"), {
      name: stryMutAct_9fa48("130") ? "" : (stryCov_9fa48("130"), 'buildRegistry'),
      ...registry
    })]);
  }
}

/**
 * Pulls the last build of the stage from the build registry so the next build can use its
 * layers (`--cache-from`). Returns the ref when pulled; a missing one (first build) is no error.
 */
export async function pullLayerCache(ref: string, registry: ResolvedRegistry, timeouts: Timeouts, log: (line: string) => void): Promise<string | undefined> {
  if (stryMutAct_9fa48("131")) {
    {}
  } else {
    stryCov_9fa48("131");
    try {
      if (stryMutAct_9fa48("132")) {
        {}
      } else {
        stryCov_9fa48("132");
        await withRegistrySession(loginOf(registry), stryMutAct_9fa48("133") ? () => undefined : (stryCov_9fa48("133"), () => exec(stryMutAct_9fa48("134") ? [] : (stryCov_9fa48("134"), [stryMutAct_9fa48("135") ? "" : (stryCov_9fa48("135"), 'docker'), stryMutAct_9fa48("136") ? "" : (stryCov_9fa48("136"), 'pull'), stryMutAct_9fa48("137") ? "" : (stryCov_9fa48("137"), '--quiet'), ref]), stryMutAct_9fa48("138") ? {} : (stryCov_9fa48("138"), {
          idleTimeoutMs: stryMutAct_9fa48("139") ? timeouts.transfer / 1000 : (stryCov_9fa48("139"), timeouts.transfer * 1000)
        }))));
        log(stryMutAct_9fa48("140") ? `` : (stryCov_9fa48("140"), `layer cache: ${ref}`));
        return ref;
      }
    } catch (error) {
      if (stryMutAct_9fa48("141")) {
        {}
      } else {
        stryCov_9fa48("141");
        log(stryMutAct_9fa48("142") ? `` : (stryCov_9fa48("142"), `layer cache: none at ${ref} (${firstLine(error)}); building without it`));
        return undefined;
      }
    }
  }
}

/**
 * Pushes a build to the build registry under its content-addressed tag (the digest is what
 * other machines pull) and moves the stage's cache tag to it. Returns the digest.
 */
export async function pushBuild(local: string, refs: {
  content: string;
  cache: string;
}, registry: ResolvedRegistry, timeouts: Timeouts, log: (line: string) => void): Promise<string> {
  if (stryMutAct_9fa48("143")) {
    {}
  } else {
    stryCov_9fa48("143");
    return withRegistrySession(loginOf(registry), async () => {
      if (stryMutAct_9fa48("144")) {
        {}
      } else {
        stryCov_9fa48("144");
        const push = async (ref: string): Promise<string> => {
          if (stryMutAct_9fa48("145")) {
            {}
          } else {
            stryCov_9fa48("145");
            await tagImage(local, ref);
            log(stryMutAct_9fa48("146") ? `` : (stryCov_9fa48("146"), `pushing ${ref}`));
            return pushWithRetry(stryMutAct_9fa48("147") ? [] : (stryCov_9fa48("147"), [stryMutAct_9fa48("148") ? "" : (stryCov_9fa48("148"), 'docker'), stryMutAct_9fa48("149") ? "" : (stryCov_9fa48("149"), 'push'), ref]), stryMutAct_9fa48("150") ? {} : (stryCov_9fa48("150"), {
              log,
              quiet: stryMutAct_9fa48("151") ? false : (stryCov_9fa48("151"), true),
              idleSeconds: timeouts.transfer,
              backoffMs: backoff(timeouts.retryBackoff)
            }));
          }
        };
        const digest = await push(refs.content);
        await push(refs.cache);
        return digest;
      }
    });
  }
}

/** What a build with a build registry leaves: the image pushed there and its record. */
export interface PublishBuildRequest {
  readonly workspaceRoot: string;
  readonly project: string;
  readonly stage: BuiltStage;
  readonly image: string;
  /** The engine-local ref the build tagged. */
  readonly ref: string;
  readonly version: string;
  readonly revision: string;
  readonly buildRegistry: ResolvedRegistry;
  readonly timeouts: Timeouts;
  /** Nx's hash of the build task (NX_TASK_HASH); outside Nx, the image ID stands in. */
  readonly taskHash?: string;
}

/** Pushes a finished build to the build registry and writes its record; returns the record's path. */
export async function publishBuild(req: PublishBuildRequest, log: (line: string) => void): Promise<string> {
  if (stryMutAct_9fa48("152")) {
    {}
  } else {
    stryCov_9fa48("152");
    const built = await inspectImage(req.ref);
    if (stryMutAct_9fa48("155") ? false : stryMutAct_9fa48("154") ? true : stryMutAct_9fa48("153") ? built : (stryCov_9fa48("153", "154", "155"), !built)) throw new ReleasableError(stryMutAct_9fa48("156") ? `` : (stryCov_9fa48("156"), `the build reported success but the engine has no ${req.ref}.`));
    const refs = buildRegistryRefs(req.buildRegistry.url, req.image, req.stage, stryMutAct_9fa48("157") ? req.taskHash && built.id.slice(7) : (stryCov_9fa48("157"), req.taskHash ?? (stryMutAct_9fa48("158") ? built.id : (stryCov_9fa48("158"), built.id.slice(7)))));
    const digest = await pushBuild(req.ref, refs, req.buildRegistry, req.timeouts, log);
    const written = writeBuildRecord(req.workspaceRoot, stryMutAct_9fa48("159") ? {} : (stryCov_9fa48("159"), {
      format: 1,
      project: req.project,
      stage: req.stage,
      ref: req.ref,
      imageId: built.id,
      version: req.version,
      revision: req.revision,
      buildRef: refs.content,
      digest
    }));
    log(stryMutAct_9fa48("160") ? `` : (stryCov_9fa48("160"), `${refs.content} is ${digest}; recorded in ${path.relative(req.workspaceRoot, written)}`));
    return written;
  }
}

/**
 * Refuses a build whose record git would see: an untracked record dirties the tree, and a dirty
 * tree blocks releases. Outside git, nothing to check.
 */
export async function assertRecordIgnored(workspaceRoot: string, project: string, stage: BuiltStage): Promise<void> {
  if (stryMutAct_9fa48("161")) {
    {}
  } else {
    stryCov_9fa48("161");
    const file = buildRecordFile(project, stage);
    if (stryMutAct_9fa48("164") ? (await headRevision(workspaceRoot)) || !(await isGitIgnored(workspaceRoot, file)) : stryMutAct_9fa48("163") ? false : stryMutAct_9fa48("162") ? true : (stryCov_9fa48("162", "163", "164"), (await headRevision(workspaceRoot)) && (stryMutAct_9fa48("165") ? await isGitIgnored(workspaceRoot, file) : (stryCov_9fa48("165"), !(await isGitIgnored(workspaceRoot, file)))))) {
      if (stryMutAct_9fa48("166")) {
        {}
      } else {
        stryCov_9fa48("166");
        throw new ReleasableError(stryMutAct_9fa48("167") ? `` : (stryCov_9fa48("167"), `${file} (the build record Nx caches with "buildRegistry" set) is not ignored by git; add ".releasable/" to .gitignore.`), stryMutAct_9fa48("168") ? {} : (stryCov_9fa48("168"), {
          file
        }));
      }
    }
  }
}

/** The stage's layer cache in the build registry, pulled for `--cache-from` (undefined when absent). */
export async function layerCacheFor(image: string, stage: BuiltStage, registry: ResolvedRegistry, timeouts: Timeouts, log: (line: string) => void): Promise<string | undefined> {
  if (stryMutAct_9fa48("169")) {
    {}
  } else {
    stryCov_9fa48("169");
    return pullLayerCache(buildRegistryRefs(registry.url, image, stage, stryMutAct_9fa48("170") ? "" : (stryCov_9fa48("170"), 'cache')).cache, registry, timeouts, log);
  }
}

/**
 * Makes `ref` name the image the stage's build record describes, when there is a record for this
 * version: the local image if it is that one, else that image by ID, else a pull by digest from
 * the build registry (checked: same image ID, same revision label). Without a record, the engine
 * must have `ref`. Returns how the image was found.
 */
export async function provideBuiltImage(ref: string, version: string, source: BuildSource, log: (line: string) => void): Promise<'local' | 'tagged' | 'pulled'> {
  if (stryMutAct_9fa48("171")) {
    {}
  } else {
    stryCov_9fa48("171");
    const record = readBuildRecord(source);
    if (stryMutAct_9fa48("174") ? !record && record.version !== version : stryMutAct_9fa48("173") ? false : stryMutAct_9fa48("172") ? true : (stryCov_9fa48("172", "173", "174"), (stryMutAct_9fa48("175") ? record : (stryCov_9fa48("175"), !record)) || (stryMutAct_9fa48("177") ? record.version === version : stryMutAct_9fa48("176") ? false : (stryCov_9fa48("176", "177"), record.version !== version)))) {
      if (stryMutAct_9fa48("178")) {
        {}
      } else {
        stryCov_9fa48("178");
        if (stryMutAct_9fa48("181") ? false : stryMutAct_9fa48("180") ? true : stryMutAct_9fa48("179") ? await inspectImage(ref) : (stryCov_9fa48("179", "180", "181"), !(await inspectImage(ref)))) {
          if (stryMutAct_9fa48("182")) {
            {}
          } else {
            stryCov_9fa48("182");
            const makers = PRODUCER_TARGET[source.stage];
            throw new ImageNotFoundError(stryMutAct_9fa48("183") ? `` : (stryCov_9fa48("183"), `image ${ref} is not in the local engine; make it with "nx run ${source.project}:${makers}".`), stryMutAct_9fa48("184") ? {} : (stryCov_9fa48("184"), {
              ref,
              stage: source.stage
            }));
          }
        }
        return stryMutAct_9fa48("185") ? "" : (stryCov_9fa48("185"), 'local');
      }
    }
    const file = buildRecordFile(source.project, source.stage);
    const local = await inspectImage(ref);
    if (stryMutAct_9fa48("188") ? local?.id !== record.imageId : stryMutAct_9fa48("187") ? false : stryMutAct_9fa48("186") ? true : (stryCov_9fa48("186", "187", "188"), (stryMutAct_9fa48("189") ? local.id : (stryCov_9fa48("189"), local?.id)) === record.imageId)) return stryMutAct_9fa48("190") ? "" : (stryCov_9fa48("190"), 'local');
    if (stryMutAct_9fa48("192") ? false : stryMutAct_9fa48("191") ? true : (stryCov_9fa48("191", "192"), await inspectImage(record.imageId))) {
      if (stryMutAct_9fa48("193")) {
        {}
      } else {
        stryCov_9fa48("193");
        await tagImage(record.imageId, ref);
        log(stryMutAct_9fa48("194") ? `` : (stryCov_9fa48("194"), `${ref} → ${stryMutAct_9fa48("195") ? record.imageId : (stryCov_9fa48("195"), record.imageId.slice(7, 19))}, the image ${file} records`));
        return stryMutAct_9fa48("196") ? "" : (stryCov_9fa48("196"), 'tagged');
      }
    }
    if (stryMutAct_9fa48("199") ? !record.buildRef && !record.digest : stryMutAct_9fa48("198") ? false : stryMutAct_9fa48("197") ? true : (stryCov_9fa48("197", "198", "199"), (stryMutAct_9fa48("200") ? record.buildRef : (stryCov_9fa48("200"), !record.buildRef)) || (stryMutAct_9fa48("201") ? record.digest : (stryCov_9fa48("201"), !record.digest)))) {
      if (stryMutAct_9fa48("202")) {
        {}
      } else {
        stryCov_9fa48("202");
        throw new ImageNotFoundError(stryMutAct_9fa48("203") ? `` : (stryCov_9fa48("203"), `${file} records image ${stryMutAct_9fa48("204") ? record.imageId : (stryCov_9fa48("204"), record.imageId.slice(7, 19))} for ${ref}, but this engine does not have it and the build pushed it to no build registry; run "${producer(source)} --skip-nx-cache" to build it here, or set "buildRegistry" so builds travel.`), stryMutAct_9fa48("205") ? {} : (stryCov_9fa48("205"), {
          ref,
          file
        }));
      }
    }
    const byDigest = digestRef(record.buildRef, record.digest);
    if (stryMutAct_9fa48("208") ? false : stryMutAct_9fa48("207") ? true : stryMutAct_9fa48("206") ? source.buildRegistry : (stryCov_9fa48("206", "207", "208"), !source.buildRegistry)) {
      if (stryMutAct_9fa48("209")) {
        {}
      } else {
        stryCov_9fa48("209");
        throw new ImageNotFoundError(stryMutAct_9fa48("210") ? `` : (stryCov_9fa48("210"), `${file} says ${byDigest} holds ${ref}, but no "buildRegistry" is configured here to pull it with; set it, or run "${producer(source)} --skip-nx-cache".`), stryMutAct_9fa48("211") ? {} : (stryCov_9fa48("211"), {
          ref,
          file
        }));
      }
    }
    log(stryMutAct_9fa48("212") ? `` : (stryCov_9fa48("212"), `pulling ${byDigest} (built at ${stryMutAct_9fa48("213") ? record.revision : (stryCov_9fa48("213"), record.revision.slice(0, 12))})`));
    try {
      if (stryMutAct_9fa48("214")) {
        {}
      } else {
        stryCov_9fa48("214");
        await withRegistrySession(loginOf(source.buildRegistry), stryMutAct_9fa48("215") ? () => undefined : (stryCov_9fa48("215"), () => pullImage(byDigest, source.timeouts.transfer)));
      }
    } catch (error) {
      if (stryMutAct_9fa48("216")) {
        {}
      } else {
        stryCov_9fa48("216");
        throw new ImageNotFoundError(stryMutAct_9fa48("217") ? `` : (stryCov_9fa48("217"), `could not pull ${byDigest}, the build of ${ref} that ${file} records (${firstLine(error)}); check the build registry, or run "${producer(source)} --skip-nx-cache" to build it here.`), stryMutAct_9fa48("218") ? {} : (stryCov_9fa48("218"), {
          ref,
          file
        }), stryMutAct_9fa48("219") ? {} : (stryCov_9fa48("219"), {
          cause: error
        }));
      }
    }
    const pulled = await inspectImage(byDigest);
    if (stryMutAct_9fa48("222") ? (!pulled || pulled.id !== record.imageId) && pulled.labels[REVISION_LABEL] !== record.revision : stryMutAct_9fa48("221") ? false : stryMutAct_9fa48("220") ? true : (stryCov_9fa48("220", "221", "222"), (stryMutAct_9fa48("224") ? !pulled && pulled.id !== record.imageId : stryMutAct_9fa48("223") ? false : (stryCov_9fa48("223", "224"), (stryMutAct_9fa48("225") ? pulled : (stryCov_9fa48("225"), !pulled)) || (stryMutAct_9fa48("227") ? pulled.id === record.imageId : stryMutAct_9fa48("226") ? false : (stryCov_9fa48("226", "227"), pulled.id !== record.imageId)))) || (stryMutAct_9fa48("229") ? pulled.labels[REVISION_LABEL] === record.revision : stryMutAct_9fa48("228") ? false : (stryCov_9fa48("228", "229"), pulled.labels[REVISION_LABEL] !== record.revision)))) {
      if (stryMutAct_9fa48("230")) {
        {}
      } else {
        stryCov_9fa48("230");
        throw new ReleasableError(stryMutAct_9fa48("231") ? `` : (stryCov_9fa48("231"), `${byDigest} is not the build ${file} records (image ${stryMutAct_9fa48("232") ? pulled?.id.slice(7, 19) && 'none' : (stryCov_9fa48("232"), (stryMutAct_9fa48("234") ? pulled.id.slice(7, 19) : stryMutAct_9fa48("233") ? pulled?.id : (stryCov_9fa48("233", "234"), pulled?.id.slice(7, 19))) ?? (stryMutAct_9fa48("235") ? "" : (stryCov_9fa48("235"), 'none')))}, revision ${stryMutAct_9fa48("236") ? pulled?.labels[REVISION_LABEL] && 'none' : (stryCov_9fa48("236"), (stryMutAct_9fa48("237") ? pulled.labels[REVISION_LABEL] : (stryCov_9fa48("237"), pulled?.labels[REVISION_LABEL])) ?? (stryMutAct_9fa48("238") ? "" : (stryCov_9fa48("238"), 'none')))}; expected ${stryMutAct_9fa48("239") ? record.imageId : (stryCov_9fa48("239"), record.imageId.slice(7, 19))} at ${stryMutAct_9fa48("240") ? record.revision : (stryCov_9fa48("240"), record.revision.slice(0, 12))}); run "${producer(source)} --skip-nx-cache".`), stryMutAct_9fa48("241") ? {} : (stryCov_9fa48("241"), {
          ref,
          file
        }));
      }
    }
    await tagImage(byDigest, ref);
    return stryMutAct_9fa48("242") ? "" : (stryCov_9fa48("242"), 'pulled');
  }
}