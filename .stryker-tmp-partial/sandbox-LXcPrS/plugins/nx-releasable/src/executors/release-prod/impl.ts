// @ts-nocheck
import { defineExecutor } from '../shared/define.js';
import { runReleases } from '../shared/release-run.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => runReleases(['prod'], options, project));
