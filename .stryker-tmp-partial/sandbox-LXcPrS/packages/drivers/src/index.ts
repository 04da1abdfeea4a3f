// @ts-nocheck
export * from './exec.js';
export * from './docker.js';
export * from './compose.js';
export * from './git.js';
export * from './run-in-container.js';
export * from './registry.js';
export * from './lock.js';
export * from './release/release.js';
export * from './registry-login.js';
export * from './test-record.js';
export * from './workspace-files.js';
export * from './build-context.js';
export * from './build-registry.js';
