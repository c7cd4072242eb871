import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorEnvelope } from '@minipay/contracts';
import { z, type ZodType } from 'zod';

type JsonSchema = Record<string, unknown>;

/** OpenAPI schemas generated from the contracts' zod schemas, so the docs cannot drift from validation. */
export function openApiSchema(schema: ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

export interface ApiContractOptions {
  tag: string;
  summary: string;
  body?: ZodType;
  response?: ZodType;
  status?: number;
  auth?: boolean;
  idempotencyKey?: boolean;
  errors?: number[];
}

/** Documents one endpoint from its contract schemas (request, response, and the error envelope). */
export function ApiContract(options: ApiContractOptions): MethodDecorator {
  const decorators: Array<MethodDecorator | ClassDecorator> = [ApiTags(options.tag), ApiOperation({ summary: options.summary })];
  if (options.body) decorators.push(ApiBody({ schema: openApiSchema(options.body, 'input') }));
  if (options.response) {
    decorators.push(ApiResponse({ status: options.status ?? 200, description: 'Success', schema: openApiSchema(options.response) }));
  }
  if (options.auth) decorators.push(ApiBearerAuth());
  if (options.idempotencyKey) {
    decorators.push(
      ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body → same result; same key + different body → 422' }),
    );
  }
  const errorSchema = openApiSchema(ErrorEnvelope);
  for (const status of options.errors ?? [400]) {
    decorators.push(ApiResponse({ status, description: 'Error envelope', schema: errorSchema }));
  }
  return applyDecorators(...(decorators as Array<MethodDecorator & ClassDecorator>));
}
