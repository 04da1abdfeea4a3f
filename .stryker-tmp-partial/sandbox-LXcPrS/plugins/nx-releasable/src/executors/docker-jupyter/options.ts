// @ts-nocheck
import { z } from 'zod';
import { imageOptions } from '../shared/options.js';

export const title = 'docker-jupyter';
export const description =
  "Start the dir's Jupyter compose service on a free port (or --port) and print its URL; Ctrl-C stops it.";

export const schema = z.strictObject({
  ...imageOptions('dev'),
  port: z.number().int().min(1).max(65535).describe('Host port. Default: a free port.').optional(),
});
