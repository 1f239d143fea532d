#!/usr/bin/env node
// `npm run bench`: steps per second and the cost of each invariant group (see bench/).
import { register } from 'tsx/esm/api';

register();
await import('../bench/main.ts');
