// @ts-nocheck
import { describe, expect, it, jest } from '@jest/globals';
import { logger, type ExecutorContext } from '@nx/devkit';
import { z } from 'zod';
import { defineExecutor } from './define.js';
import { versionOption } from './options.js';

describe('defineExecutor', () => {
  const ran = jest.fn(async () => undefined);
  const executor = defineExecutor(z.strictObject({ imageVersion: versionOption }), ran);
  const context = { root: '/nowhere', cwd: '/nowhere', isVerbose: false } as unknown as ExecutorContext;

  it('refuses --version (given after --) with the option to use instead, before anything runs', async () => {
    const errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const result = await executor({ version: '1.2.0' } as never, context);
    expect(result).toEqual({ success: false });
    expect(errors).toHaveBeenCalledWith('--version: Nx answers that flag itself; write --image-version 1.2.0 instead.');
    expect(ran).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('names a bad option in its kebab-case spelling', async () => {
    const errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const result = await executor({ imageVersion: 3 } as never, context);
    expect(result).toEqual({ success: false });
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/^--image-version: /);
    expect(ran).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('docker-rollback refuses to run without --image-version, saying how to give it', async () => {
    const { schema } = await import('../docker-rollback/options.js');
    const rollback = defineExecutor(schema, ran);
    const errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    expect(await rollback({ stage: 'dev' } as never, context)).toEqual({ success: false });
    expect(String(errors.mock.calls[0]?.[0])).toBe(
      '--image-version: is required: the released version to roll back to, e.g. nx run opt:docker-rollback --stage dev --image-version 1.2.0',
    );
    expect(ran).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
