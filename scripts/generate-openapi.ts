// Writes openapi.yaml from the code (the app boots on an in-memory database without
// listening), then the TypeScript types of the client from that file.
import { writeFileSync } from 'node:fs';
import { renderOpenApiYaml } from '../src/openapi.js';
import { renderClientTypes } from './client-types.js';

const yaml = await renderOpenApiYaml();
writeFileSync(new URL('../../openapi.yaml', import.meta.url), yaml);
console.log(`openapi.yaml written (${yaml.length} bytes)`);
const types = await renderClientTypes(yaml);
writeFileSync(new URL('../../client/schema.ts', import.meta.url), types);
console.log(`client/schema.ts written (${types.length} bytes)`);
