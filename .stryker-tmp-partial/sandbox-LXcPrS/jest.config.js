// @ts-nocheck
// Two projects: pure/temp-dir tests ("unit") and tests against the real Docker engine
// and registry ("docker", files named *.docker.spec.ts, run in band).
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Tests always run the TypeScript sources, never a package's dist/ build.
  moduleNameMapper: {
    '^@releasable/(core|drivers)$': '<rootDir>/packages/$1/src/index.ts',
    '^@releasable/drivers/workspace-files$': '<rootDir>/packages/drivers/src/workspace-files.ts',
    '^@releasable/core/build-record-path$': '<rootDir>/packages/core/src/plan/build-record-path.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.base.json' }] },
  roots: ['<rootDir>/packages', '<rootDir>/plugins', '<rootDir>/tools'],
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.docker\\.spec\\.ts$', '/node_modules/', '/dist/'],
    },
    {
      ...common,
      displayName: 'docker',
      testMatch: ['**/*.docker.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
  ],
};
