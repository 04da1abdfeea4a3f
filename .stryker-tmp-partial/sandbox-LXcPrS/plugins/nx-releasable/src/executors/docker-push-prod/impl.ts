// @ts-nocheck
import { pushExecutor } from '../shared/push.js';
import { schema } from './options.js';

export default pushExecutor('prod', schema);
