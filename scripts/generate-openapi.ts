// Writes openapi.yaml from the code: boots the app on an in-memory database without listening.
import { writeFileSync } from 'node:fs';
import { renderOpenApiYaml } from '../src/openapi.js';

const yaml = await renderOpenApiYaml();
writeFileSync(new URL('../../openapi.yaml', import.meta.url), yaml);
console.log(`openapi.yaml written (${yaml.length} bytes)`);
