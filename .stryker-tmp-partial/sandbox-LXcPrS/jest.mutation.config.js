// @ts-nocheck
// Jest setup for mutation testing (npm run test:mutation): the fast tests that decide whether
// the release code's guards hold — plan, preflight, resume, lock, retry, deadlines, records,
// claims, build records and the image a build record names.
import base from './jest.config.js';

const unit = base.projects.find((p) => p.displayName === 'unit');

export default {
  ...unit,
  displayName: undefined,
  testMatch: [
    '**/packages/core/src/plan/release-plan.spec.ts',
    '**/packages/drivers/src/lock.spec.ts',
    '**/packages/drivers/src/test-record.spec.ts',
    '**/packages/drivers/src/registry-login.spec.ts',
    '**/packages/drivers/src/registry.spec.ts',
    '**/packages/drivers/src/release/*.spec.ts',
    '**/packages/drivers/src/build-registry.spec.ts',
    '**/packages/core/src/plan/build-record.spec.ts',
    '**/packages/drivers/src/git.spec.ts',
  ],
};
