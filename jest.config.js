// One jest configuration for the whole workspace; Nx targets pass the project folder as a path filter.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is one worker fewer than the cores, which on a 2-core machine runs a project's files one after
  // another; the tools' suite is most of the test time, and its slow files (Go dry runs, CLI processes) then kept
  // one core idle once the other targets were done. Jest still runs a project of fast files in band.
  maxWorkers: '100%',
  roots: ['<rootDir>/packages', '<rootDir>/tools', '<rootDir>/providers'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
