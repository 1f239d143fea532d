import { modelTrace } from './model-trace.ts';
const t0 = performance.now();
const t = modelTrace(1, Number(process.argv[2]), ['procresize'], 4);
console.log(t.text.length, t.text.split('\n').length, t.actions.length, ((performance.now()-t0)/1000).toFixed(1));
