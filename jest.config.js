// Two projects: pure/temp-dir tests ("unit") and tests against the real Docker engine
// and registry ("docker", files named *.docker.spec.ts, run in band).
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.base.json' }] },
  roots: ['<rootDir>/packages', '<rootDir>/plugins', '<rootDir>/tools'],
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.docker\\.spec\\.ts$', '/node_modules/'],
    },
    {
      ...common,
      displayName: 'docker',
      testMatch: ['**/*.docker.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
  ],
};
