// The worker entry when stackcheck runs from its TypeScript sources (development, tests):
// register tsx in this thread, then run the real entry (cli/worker-main.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
