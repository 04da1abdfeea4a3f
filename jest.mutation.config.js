// Jest setup for mutation testing (npm run test:mutation): the fast tests that decide whether
// the release code's guards hold — plan, preflight, resume, lock, retry, deadlines, records.
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
  ],
};
