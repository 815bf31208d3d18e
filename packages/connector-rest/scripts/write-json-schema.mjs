// Writes schema/rest-definition.schema.json from the built package (run after `pnpm build`).
import { writeFileSync } from 'node:fs';
import { restDefinitionJsonSchema } from '../dist/index.js';

const target = new URL('../schema/rest-definition.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(restDefinitionJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
