#!/usr/bin/env node
// Writes gateway-config.schema.json from the built gateway (`pnpm --filter @talkbridge/gateway build` first).
// The file is generated, never edited: a test fails when it differs from what the zod schemas generate.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { bundledConnectors, CONFIG_SCHEMA_FILE, gatewayConfigJsonSchema } from '../dist/index.js';

const target = new URL(`../${CONFIG_SCHEMA_FILE}`, import.meta.url);
writeFileSync(target, `${JSON.stringify(gatewayConfigJsonSchema(bundledConnectors), null, 2)}\n`);
// Formatted the way `pnpm format` would, so the lint step stays green.
spawnSync('biome', ['format', '--write', target.pathname], { stdio: 'inherit' });
console.log(`wrote ${target.pathname}`);
