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
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
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
      // API suites seed brands and import thousands of orders through every order hook; the
      // longer timeout only stops a hung test, speed is measured by the benchmarks.
      setupFilesAfterEnv: ['<rootDir>/test/api/jest.setup.ts'],
    },
    {
      ...base,
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/miniprogram/src/**/*.test.tsx'],
      // Taro's components and APIs need the mini-program runtime; tests use DOM stand-ins.
      moduleNameMapper: {
        '^@tarojs/components$': '<rootDir>/miniprogram/test/taro-components-shim.tsx',
        '^@tarojs/taro$': '<rootDir>/miniprogram/test/taro-mock.ts',
        '\\.(s?css)$': '<rootDir>/miniprogram/test/style-mock.ts',
      },
    },
    {
      ...base,
      displayName: 'admin',
      // jsdom plus Node's Request/Response/AbortSignal (react-router's data router needs them).
      testEnvironment: '<rootDir>/admin/jest/environment.cjs',
      testMatch: ['<rootDir>/admin/src/**/*.test.tsx'],
      setupFilesAfterEnv: ['<rootDir>/admin/jest/setup.ts'],
      moduleNameMapper: {
        '\\.css$': '<rootDir>/admin/jest/style-stub.cjs',
        // @ant-design/icons' CommonJS build requires this package's ESM file; use its CJS twin.
        '^@ant-design/colors/es/(.*)$': '@ant-design/colors/lib/$1',
      },
    },
  ],
};
