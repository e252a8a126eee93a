import type { RouteContract } from '@circles/shared';
import { errorBody } from '@circles/shared';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

const toSchema = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

function parameters(c: RouteContract): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const where of ['params', 'query'] as const) {
    const schema = c[where];
    if (!schema) continue;
    const json = toSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where === 'params' ? 'path' : 'query',
        required: where === 'params' || (json.required ?? []).includes(name),
        schema: prop,
      });
    }
  }
  return out;
}

const AUTH_SCHEMES: Record<string, string | undefined> = {
  member: 'memberToken',
  admin: 'adminToken',
  consultant: 'consultantToken',
  integration: 'integrationSignature',
};

/** OpenAPI 3.1 document generated from the same zod contracts the server validates with. */
export function buildOpenApi(contracts: RouteContract[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const c of contracts) {
    const path = c.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: JsonSchema = {
      summary: c.summary,
      tags: [c.tag],
      parameters: parameters(c),
      responses: {
        [String(c.status ?? 200)]: {
          description: 'Success',
          content: { 'application/json': { schema: toSchema(c.response, 'output') } },
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: toSchema(errorBody, 'output') } },
        },
      },
    };
    if (c.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(c.body, 'input') } },
      };
    }
    const scheme = AUTH_SCHEMES[c.auth];
    if (scheme) op.security = [{ [scheme]: [] }];
    paths[path] = { ...(paths[path] ?? {}), [c.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Circles API', version },
    paths,
    components: {
      securitySchemes: {
        memberToken: { type: 'http', scheme: 'bearer' },
        adminToken: { type: 'http', scheme: 'bearer' },
        consultantToken: { type: 'http', scheme: 'bearer' },
        integrationSignature: { type: 'apiKey', in: 'header', name: 'X-Circles-Signature' },
      },
    },
  };
}
