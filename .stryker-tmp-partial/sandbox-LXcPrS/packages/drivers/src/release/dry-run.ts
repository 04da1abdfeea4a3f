// @ts-nocheck
import type { ReleasePlan } from '@releasable/core';
import { formatArgv } from '../exec.js';
import type { StepResult } from './types.js';

/** Prints every step of a plan with its exact argv, in order; returns the steps as "planned". */
export function printDryRun(plan: ReleasePlan, log: (line: string) => void): StepResult[] {
  if (plan.refusals?.length) {
    log(
      `dry run: a real run would be refused now (nothing would change):\n- ${plan.refusals.join('\n- ')}\nOnce that is fixed, it would run, in order:`,
    );
  } else log(`dry run: the release of ${plan.project} ${plan.stage} ${plan.version} would run, in order:`);
  plan.steps.forEach((s, i) =>
    log(
      `${String(i + 1).padStart(3)}. ${s.title}` +
        [...(s.argv ? [s.argv] : []), ...(s.commands ?? [])].map((a) => `\n       $ ${formatArgv(a)}`).join('') +
        (s.skipWhenPushed ? '\n       (skipped when the registry already has this digest)' : ''),
    ),
  );
  return plan.steps.map((s) => ({
    id: s.id,
    title: s.title,
    status: 'planned',
    seconds: 0,
    ...(s.ref ? { ref: s.ref } : {}),
    ...(s.registry ? { registry: s.registry } : {}),
  }));
}

/** What to say of a release that is already complete: where its floating tags point, and how to move them. */
export function describeCompleted(plan: ReleasePlan): string {
  const lines = [
    `${plan.project} ${plan.stage} ${plan.version} is already released (git tag ${plan.gitTag}, ${plan.refs.remotes.map((r) => r.versioned).join(', ')}); nothing to publish.`,
  ];
  for (const f of plan.floatingElsewhere ?? []) {
    lines.push(
      `  ${f.ref} points at ${f.digest ?? 'nothing'}, not at ${plan.version} (a rollback or a later release moved it); it is left there. ` +
        `To point it at ${plan.version}: nx run ${plan.project}:docker-rollback --stage ${plan.stage} --image-version ${plan.version}`,
    );
  }
  if (plan.steps.length > 0) lines.push(`  origin lacks git tag ${plan.gitTag}: pushing it.`);
  return lines.join('\n');
}
