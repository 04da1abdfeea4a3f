// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { dotEnvNames, missingComposeVariables, missingFromArgs, relativeEntrypoint } from './contract.js';

describe('missingFromArgs', () => {
  it.each([
    { name: 'a passed arg', file: 'ARG DEV_IMAGE\nFROM ${DEV_IMAGE}\n', passed: ['DEV_IMAGE'], missing: [] },
    { name: 'an arg with a default', file: 'ARG BASE_IMAGE=busybox\nFROM ${BASE_IMAGE}\n', passed: [], missing: [] },
    { name: 'an inline default', file: 'FROM ${BASE:-busybox}\n', passed: [], missing: [] },
    {
      name: "args nobody passes (the original tool's prod Dockerfile)",
      file: 'ARG REGISTRY\nARG VERSION\nFROM ${REGISTRY}/opt:dev-${VERSION} AS base\nRUN echo $NOT_IN_FROM\n',
      passed: ['DEV_IMAGE', 'PROD_VERSION'],
      missing: ['REGISTRY', 'VERSION'],
    },
    { name: 'an undeclared $ARG', file: 'FROM $IMG\n', passed: [], missing: ['IMG'] },
    {
      name: 'a --platform flag is not the image',
      file: 'FROM --platform=$BUILDPLATFORM busybox\n',
      passed: [],
      missing: [],
    },
  ])('$name', ({ file, passed, missing }) => {
    expect(missingFromArgs(file, new Set(passed))).toEqual(missing);
  });
});

describe('missingComposeVariables', () => {
  const ours = new Set(['RELEASABLE_IMAGE', 'RELEASABLE_CONTAINER_VERSION', 'CI']);
  it('names variables with no default that nothing sets', () => {
    const compose = [
      'services:',
      '  app:',
      '    image: ${IMAGE}',
      '    environment:',
      '      - VERSION=${RELEASABLE_CONTAINER_VERSION}',
      '      - LEVEL=${LOG_LEVEL:-info}',
      '      - OPTIONAL=${EXTRA+set}',
      '      - PRICE=$$5',
      '    # image: ${OLD_IMAGE}',
      '    command: run ${MODE:?set MODE}',
    ].join('\n');
    expect(missingComposeVariables(compose, ours)).toEqual(['IMAGE', 'MODE']);
  });
});

describe('dotEnvNames', () => {
  it('reads KEY=value lines', () => {
    expect(dotEnvNames('# c\nA=1\nexport B=2\n\nnot a line\n')).toEqual(['A', 'B']);
  });
});

describe('relativeEntrypoint', () => {
  it.each<[dockerfile: string, program: string | undefined]>([
    ['FROM x\nENTRYPOINT ["optimizer/devops/entrypoint.sh"]', 'optimizer/devops/entrypoint.sh'],
    ['FROM x\nENTRYPOINT bin/start.sh --serve', 'bin/start.sh'],
    ['FROM x\nENTRYPOINT ["/app/entrypoint.sh"]', undefined],
    ['FROM x\nENTRYPOINT ["tini", "--"]', undefined], // looked up on PATH
    ['FROM x\nENTRYPOINT ["${HOME}/run.sh"]', undefined], // a variable: not ours to judge
    ['FROM x\nENTRYPOINT ["a/run.sh"]\nENTRYPOINT ["/b/run.sh"]', undefined], // the last one counts
    ['FROM x\nCMD ["a/run.sh"]', undefined],
    ['FROM x\nentrypoint ["a/run.sh"]', 'a/run.sh'],
  ])('%s → %s', (dockerfile, program) => {
    expect(relativeEntrypoint(dockerfile)).toBe(program);
  });
});
