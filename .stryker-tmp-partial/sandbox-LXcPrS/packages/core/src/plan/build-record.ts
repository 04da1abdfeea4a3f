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
import { z } from 'zod';
import { ReleasableError } from '../errors.js';
import { formatImageRef } from '../image-ref/image-ref.js';
import type { BuiltStage } from './build-record-path.js';
export * from './build-record-path.js';
const DIGEST = stryMutAct_9fa48("3") ? /^sha256:[^0-9a-f]{64}$/ : stryMutAct_9fa48("2") ? /^sha256:[0-9a-f]$/ : stryMutAct_9fa48("1") ? /^sha256:[0-9a-f]{64}/ : stryMutAct_9fa48("0") ? /sha256:[0-9a-f]{64}$/ : (stryCov_9fa48("0", "1", "2", "3"), /^sha256:[0-9a-f]{64}$/);
const recordSchema = z.strictObject(stryMutAct_9fa48("4") ? {} : (stryCov_9fa48("4"), {
  format: z.literal(1),
  project: stryMutAct_9fa48("5") ? z.string().max(1) : (stryCov_9fa48("5"), z.string().min(1)),
  stage: z.enum(stryMutAct_9fa48("6") ? [] : (stryCov_9fa48("6"), [stryMutAct_9fa48("7") ? "" : (stryCov_9fa48("7"), 'local'), stryMutAct_9fa48("8") ? "" : (stryCov_9fa48("8"), 'prod')])),
  /** The engine-local ref the build tagged, e.g. `opt:local-ci-1.2.0`. */
  ref: stryMutAct_9fa48("9") ? z.string().max(1) : (stryCov_9fa48("9"), z.string().min(1)),
  imageId: z.string().regex(DIGEST),
  version: stryMutAct_9fa48("10") ? z.string().max(1) : (stryCov_9fa48("10"), z.string().min(1)),
  /** The commit the build ran at (the image's revision label). */
  revision: stryMutAct_9fa48("11") ? z.string().max(1) : (stryCov_9fa48("11"), z.string().min(1)),
  /** Where the build registry holds the image (content-addressed tag) and its digest there. */
  buildRef: stryMutAct_9fa48("12") ? z.string().max(1).optional() : (stryCov_9fa48("12"), z.string().min(1).optional()),
  digest: z.string().regex(DIGEST).optional()
})).refine(stryMutAct_9fa48("13") ? () => undefined : (stryCov_9fa48("13"), r => stryMutAct_9fa48("16") ? r.buildRef === undefined !== (r.digest === undefined) : stryMutAct_9fa48("15") ? false : stryMutAct_9fa48("14") ? true : (stryCov_9fa48("14", "15", "16"), (stryMutAct_9fa48("19") ? r.buildRef !== undefined : stryMutAct_9fa48("18") ? false : stryMutAct_9fa48("17") ? true : (stryCov_9fa48("17", "18", "19"), r.buildRef === undefined)) === (stryMutAct_9fa48("22") ? r.digest !== undefined : stryMutAct_9fa48("21") ? false : stryMutAct_9fa48("20") ? true : (stryCov_9fa48("20", "21", "22"), r.digest === undefined)))), stryMutAct_9fa48("23") ? {} : (stryCov_9fa48("23"), {
  message: stryMutAct_9fa48("24") ? "" : (stryCov_9fa48("24"), 'buildRef and digest go together')
}));
export type BuildRecord = z.infer<typeof recordSchema>;

/** A build record that cannot be read back. */
export class BuildRecordError extends ReleasableError {
  override readonly name = stryMutAct_9fa48("25") ? "" : (stryCov_9fa48("25"), 'BuildRecordError');
}
export function formatBuildRecord(record: BuildRecord): string {
  if (stryMutAct_9fa48("26")) {
    {}
  } else {
    stryCov_9fa48("26");
    return stryMutAct_9fa48("27") ? `` : (stryCov_9fa48("27"), `${JSON.stringify(recordSchema.parse(record), null, 2)}\n`);
  }
}

/** Parses a record; a damaged one names the file and how to make it again. */
export function parseBuildRecord(text: string, file: string, producer: string): BuildRecord {
  if (stryMutAct_9fa48("28")) {
    {}
  } else {
    stryCov_9fa48("28");
    let raw: unknown;
    try {
      if (stryMutAct_9fa48("29")) {
        {}
      } else {
        stryCov_9fa48("29");
        raw = JSON.parse(text);
      }
    } catch (error) {
      if (stryMutAct_9fa48("30")) {
        {}
      } else {
        stryCov_9fa48("30");
        throw new BuildRecordError(stryMutAct_9fa48("31") ? `` : (stryCov_9fa48("31"), `${file}: not JSON (${(error as Error).message}); delete it and run "${producer} --skip-nx-cache".`), stryMutAct_9fa48("32") ? {} : (stryCov_9fa48("32"), {
          file
        }), stryMutAct_9fa48("33") ? {} : (stryCov_9fa48("33"), {
          cause: error
        }));
      }
    }
    const parsed = recordSchema.safeParse(raw);
    if (stryMutAct_9fa48("36") ? false : stryMutAct_9fa48("35") ? true : stryMutAct_9fa48("34") ? parsed.success : (stryCov_9fa48("34", "35", "36"), !parsed.success)) {
      if (stryMutAct_9fa48("37")) {
        {}
      } else {
        stryCov_9fa48("37");
        const problems = parsed.error.issues.map(stryMutAct_9fa48("38") ? () => undefined : (stryCov_9fa48("38"), i => stryMutAct_9fa48("39") ? `` : (stryCov_9fa48("39"), `${stryMutAct_9fa48("42") ? i.path.join('.') && 'record' : stryMutAct_9fa48("41") ? false : stryMutAct_9fa48("40") ? true : (stryCov_9fa48("40", "41", "42"), i.path.join(stryMutAct_9fa48("43") ? "" : (stryCov_9fa48("43"), '.')) || (stryMutAct_9fa48("44") ? "" : (stryCov_9fa48("44"), 'record')))}: ${i.message}`))).join(stryMutAct_9fa48("45") ? "" : (stryCov_9fa48("45"), '; '));
        throw new BuildRecordError(stryMutAct_9fa48("46") ? `` : (stryCov_9fa48("46"), `${file}: ${problems}; delete it and run "${producer} --skip-nx-cache".`), stryMutAct_9fa48("47") ? {} : (stryCov_9fa48("47"), {
          file
        }));
      }
    }
    return parsed.data;
  }
}

/** Tags of one build in the build registry. */
export interface BuildRegistryRefs {
  /** Content-addressed: the Nx task hash of the build, so one set of inputs has one tag. */
  readonly content: string;
  /** The last build of the stage, read as a layer cache (`--cache-from`) by the next build anywhere. */
  readonly cache: string;
}

/**
 * Refs of a build in the build registry. The task hash is Nx's (digits, or any text when run
 * outside Nx); it is made tag-safe and cut so the tag stays under Docker's 128 characters.
 */
export function buildRegistryRefs(registry: string, image: string, stage: BuiltStage, taskHash: string): BuildRegistryRefs {
  if (stryMutAct_9fa48("48")) {
    {}
  } else {
    stryCov_9fa48("48");
    const key = stryMutAct_9fa48("49") ? taskHash.replace(/[^\w.-]+/g, '-') : (stryCov_9fa48("49"), taskHash.replace(stryMutAct_9fa48("52") ? /[^\W.-]+/g : stryMutAct_9fa48("51") ? /[\w.-]+/g : stryMutAct_9fa48("50") ? /[^\w.-]/g : (stryCov_9fa48("50", "51", "52"), /[^\w.-]+/g), stryMutAct_9fa48("53") ? "" : (stryCov_9fa48("53"), '-')).slice(0, 100));
    if (stryMutAct_9fa48("56") ? key !== '' : stryMutAct_9fa48("55") ? false : stryMutAct_9fa48("54") ? true : (stryCov_9fa48("54", "55", "56"), key === (stryMutAct_9fa48("57") ? "Stryker was here!" : (stryCov_9fa48("57"), '')))) throw new ReleasableError(stryMutAct_9fa48("58") ? "" : (stryCov_9fa48("58"), 'a build registry tag needs a task hash; got an empty one.'));
    return stryMutAct_9fa48("59") ? {} : (stryCov_9fa48("59"), {
      content: formatImageRef(stryMutAct_9fa48("60") ? {} : (stryCov_9fa48("60"), {
        registry,
        repository: image,
        tag: stryMutAct_9fa48("61") ? `` : (stryCov_9fa48("61"), `build-${stage}-${key}`)
      })),
      cache: formatImageRef(stryMutAct_9fa48("62") ? {} : (stryCov_9fa48("62"), {
        registry,
        repository: image,
        tag: stryMutAct_9fa48("63") ? `` : (stryCov_9fa48("63"), `cache-${stage}`)
      }))
    });
  }
}

/** `repository@digest` of a tagged ref: what a pull by digest asks for. */
export function digestRef(ref: string, digest: string): string {
  if (stryMutAct_9fa48("64")) {
    {}
  } else {
    stryCov_9fa48("64");
    const slash = ref.lastIndexOf(stryMutAct_9fa48("65") ? "" : (stryCov_9fa48("65"), '/'));
    const colon = ref.lastIndexOf(stryMutAct_9fa48("66") ? "" : (stryCov_9fa48("66"), ':'));
    const repository = (stryMutAct_9fa48("70") ? colon <= slash : stryMutAct_9fa48("69") ? colon >= slash : stryMutAct_9fa48("68") ? false : stryMutAct_9fa48("67") ? true : (stryCov_9fa48("67", "68", "69", "70"), colon > slash)) ? stryMutAct_9fa48("71") ? ref : (stryCov_9fa48("71"), ref.slice(0, colon)) : ref;
    return stryMutAct_9fa48("72") ? `` : (stryCov_9fa48("72"), `${repository}@${digest}`);
  }
}