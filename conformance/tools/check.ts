/**
 * Level 1 on trace files, for people (the stackcheck CLI may wrap it later):
 *
 *   npx tsx conformance/tools/check.ts conformance/fixtures/*.trace
 *
 * Prints formatReport per file; exits 0 if all are accepted, 1 if any has a
 * violation, 2 if any is unreadable (2 wins over 1).
 * @internal
 */
import { readFileSync } from 'node:fs';
import { checkTraceBytes } from '../level1/check.ts';
import { formatReport } from '../level1/report.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npx tsx conformance/tools/check.ts FILE.trace...');
  process.exit(2);
}
let code = 0;
for (const file of files) {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    console.log(`${file}: unreadable: ${(e as Error).message}`);
    code = 2;
    continue;
  }
  const report = checkTraceBytes(bytes);
  console.log(`${file}: ${formatReport(report)}`);
  if (report.status === 'unreadable') code = 2;
  else if (report.status === 'violation' && code === 0) code = 1;
}
process.exit(code);
