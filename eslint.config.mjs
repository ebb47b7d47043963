import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import jestPlugin from 'eslint-plugin-jest'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.sandbox/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  {
    files: ['__tests__/**/*.ts'],
    ...jestPlugin.configs['flat/recommended'],
    rules: {
      ...jestPlugin.configs['flat/recommended'].rules,
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }]
    }
  },
  {
    // Only the action wrappers may talk to the runner's inputs; domain code gets a typed object.
    files: ['src/**/*.ts'],
    ignores: ['src/github/inputs.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='getInput']",
          message: 'Read inputs through src/github/inputs.ts readers in getInputs().'
        }
      ]
    }
  },
  {
    // The runner and the GitHub API are reached from src/github only: domain code receives a
    // Logger (src/shared/logger.ts) and returns results for the action to report.
    files: ['src/**/*.ts'],
    ignores: ['src/github/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*', '**/github/*'],
              message:
                'Domain code does not talk to the runner or GitHub: take a Logger (src/shared/logger.ts) and return results; glue lives in src/github.'
            }
          ]
        }
      ]
    }
  }
)
