// Flat ESLint configuration of the whole workspace: `npx eslint <folder>`, or `npx nx lint <project>`.
import nx from '@nx/eslint-plugin';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node modules that do I/O; construct packages stay pure and leave that to tools/. */
const IO_MODULES = ['fs', 'child_process', 'net', 'http', 'https', 'os', 'worker_threads'];
const PURITY_MESSAGE = 'construct packages are pure: do I/O in tools/';

export default defineConfig([
  globalIgnores([
    '**/node_modules/**',
    'dist/**',
    '.nx/**',
    '.tools/**',
    'schemas/**',
    '**/imports/**', // generated CRD bindings
    'providers/**/rendered/**',
  ]),
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // Same convention as tsc's noUnusedParameters: a leading underscore marks a deliberately unused name.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Which project may import which, by the tags in each package.json (and the plugin's stack tags).
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:construct', onlyDependOnLibsWithTags: ['type:construct'] },
            { sourceTag: 'type:stack', onlyDependOnLibsWithTags: ['type:construct'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:construct'] },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.flatMap((name) => [name, `node:${name}`]).map((name) => ({
            name,
            message: PURITY_MESSAGE,
          })),
          // Sub-paths such as fs/promises.
          patterns: [
            {
              group: IO_MODULES.flatMap((name) => [`${name}/*`, `node:${name}/*`]),
              message: PURITY_MESSAGE,
            },
          ],
        },
      ],
    },
  },
]);
