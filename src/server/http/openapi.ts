import { z } from 'zod';
import type { RouteDef } from './route.ts';

const jsonSchema = (s: z.ZodType | undefined): unknown => {
  if (!s) return undefined;
  try {
    return z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
  } catch {
    return {};
  }
};

/** OpenAPI 3.1 document generated from the route table, so it cannot drift from the routes. */
export const openApiDocument = (routes: RouteDef[], version: string): Record<string, unknown> => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = jsonSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const [name, schema] of Object.entries(query?.properties ?? {})) params.push({ name, in: 'query', required: (query?.required ?? []).includes(name), schema } as never);
    if (r.idempotent) params.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } });
    paths[path] ??= {};
    paths[path]![r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      'x-permission': r.access,
      security: r.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      parameters: params,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
      responses: {
        '200': { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: jsonSchema(r.response) } } } : {}) },
        '400': { description: 'Invalid input; `error.issues` names each field' },
        ...(r.access === 'public' ? {} : { '401': { description: 'Not signed in' }, '403': { description: `Needs ${r.access}` } }),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Medoffice API', version },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'mo_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
};
