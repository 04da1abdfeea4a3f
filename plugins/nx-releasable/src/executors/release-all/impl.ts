import { defineExecutor } from '../shared/define.js';
import { runReleases } from '../shared/release-run.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => runReleases(['dev', 'prod'], o, p));
