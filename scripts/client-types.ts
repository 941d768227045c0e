import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = '// Generated from openapi.yaml by `npm run openapi` (openapi-typescript); do not edit.\n\n';

/** TypeScript types for every path, operation and schema of the OpenAPI document. */
export async function renderClientTypes(openapiYaml: string): Promise<string> {
  // Fields with a default are optional in requests; the service fills them in.
  const ast = await openapiTS(openapiYaml, { alphabetize: true, defaultNonNullable: false });
  return HEADER + astToString(ast);
}
