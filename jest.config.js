// One jest run for every package: unit tests colocated with code, the embedded engine's
// conformance suite, and the API integration suites in test/api. Browser e2e lives in
// test/e2e/jest.config.js.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const base = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/shared/src/**/*.test.ts', '<rootDir>/server/src/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'conformance',
      testMatch: ['<rootDir>/server/embedded-mongo/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'api',
      testMatch: ['<rootDir>/test/api/**/*.test.ts'],
    },
  ],
};
