// Kept equal to package.json's version by __tests__/shared/version.test.ts; a constant avoids
// bundling package.json into every action.
export const PACKAGE_NAME = 'ecs-actions'
export const PACKAGE_VERSION = '0.1.0'
