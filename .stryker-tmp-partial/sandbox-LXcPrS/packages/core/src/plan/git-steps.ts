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
import type { PlanInput, PlanStep } from './release-types.js';

/** Where origin holds the claim of a release (one ref per git tag). */
export const CLAIM_REF_PREFIX = stryMutAct_9fa48("73") ? "" : (stryCov_9fa48("73"), 'refs/releasable/claims/');

/**
 * Before the first push, a release with a git remote claims its version on origin: a ref that
 * only one run can create (origin refuses the second push), so two machines releasing the same
 * version at once cannot both push. The per-dir lock covers one machine only.
 */
export function claimSteps(input: PlanInput, gitTag: string): PlanStep[] {
  if (stryMutAct_9fa48("74")) {
    {}
  } else {
    stryCov_9fa48("74");
    if (stryMutAct_9fa48("77") ? false : stryMutAct_9fa48("76") ? true : stryMutAct_9fa48("75") ? input.state.hasRemote : (stryCov_9fa48("75", "76", "77"), !input.state.hasRemote)) return stryMutAct_9fa48("78") ? ["Stryker was here"] : (stryCov_9fa48("78"), []);
    return stryMutAct_9fa48("79") ? [] : (stryCov_9fa48("79"), [stryMutAct_9fa48("80") ? {} : (stryCov_9fa48("80"), {
      id: stryMutAct_9fa48("81") ? "" : (stryCov_9fa48("81"), 'claim'),
      kind: stryMutAct_9fa48("82") ? "" : (stryCov_9fa48("82"), 'claim'),
      title: stryMutAct_9fa48("83") ? `` : (stryCov_9fa48("83"), `claim ${gitTag} on origin (${CLAIM_REF_PREFIX}${gitTag})`),
      ref: gitTag
    })]);
  }
}

/**
 * The last steps of every release: the git tag (unless already at HEAD), then its push when a
 * remote exists. `pushOnly`: the tag exists here and only origin lacks it.
 */
export function gitTagSteps(input: PlanInput, gitTag: string, version: string, {
  pushOnly = stryMutAct_9fa48("84") ? true : (stryCov_9fa48("84"), false)
}: {
  pushOnly?: boolean;
} = {}): PlanStep[] {
  if (stryMutAct_9fa48("85")) {
    {}
  } else {
    stryCov_9fa48("85");
    const {
      state,
      commands: c,
      options,
      project
    } = input;
    const steps: PlanStep[] = stryMutAct_9fa48("86") ? ["Stryker was here"] : (stryCov_9fa48("86"), []);
    if (stryMutAct_9fa48("89") ? !pushOnly || state.releaseTagCommit !== state.head : stryMutAct_9fa48("88") ? false : stryMutAct_9fa48("87") ? true : (stryCov_9fa48("87", "88", "89"), (stryMutAct_9fa48("90") ? pushOnly : (stryCov_9fa48("90"), !pushOnly)) && (stryMutAct_9fa48("92") ? state.releaseTagCommit === state.head : stryMutAct_9fa48("91") ? true : (stryCov_9fa48("91", "92"), state.releaseTagCommit !== state.head)))) {
      if (stryMutAct_9fa48("93")) {
        {}
      } else {
        stryCov_9fa48("93");
        steps.push(stryMutAct_9fa48("94") ? {} : (stryCov_9fa48("94"), {
          id: stryMutAct_9fa48("95") ? "" : (stryCov_9fa48("95"), 'git-tag'),
          kind: stryMutAct_9fa48("96") ? "" : (stryCov_9fa48("96"), 'git-tag'),
          title: stryMutAct_9fa48("97") ? `` : (stryCov_9fa48("97"), `git tag ${gitTag}`),
          argv: c.gitTag(gitTag, stryMutAct_9fa48("98") ? `` : (stryCov_9fa48("98"), `${project} ${options.stage} ${version}`)),
          ref: gitTag
        }));
      }
    }
    if (stryMutAct_9fa48("100") ? false : stryMutAct_9fa48("99") ? true : (stryCov_9fa48("99", "100"), state.hasRemote)) steps.push(stryMutAct_9fa48("101") ? {} : (stryCov_9fa48("101"), {
      id: stryMutAct_9fa48("102") ? "" : (stryCov_9fa48("102"), 'git-push'),
      kind: stryMutAct_9fa48("103") ? "" : (stryCov_9fa48("103"), 'git-push'),
      title: stryMutAct_9fa48("104") ? `` : (stryCov_9fa48("104"), `push git tag ${gitTag}`),
      argv: c.gitPush(gitTag),
      ref: gitTag
    }));
    return steps;
  }
}