/**
 * Writes docs/OPERATIONS.md: every resource and operation of the action node, grouped by API area,
 * from the committed catalog (so it always matches what the node offers). `npm run generate:docs`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderOperationsDoc } from './lib/operations-doc';

const target = path.resolve(__dirname, '..', 'docs', 'OPERATIONS.md');
writeFileSync(target, renderOperationsDoc());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
