import { DomainError, type ErrorCode, type ErrorDetail, errorCatalogue } from '@danso/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The body of every error answer. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'DANSO_ERR_* code from the error catalogue' }),
        message: Type.String({
          description: 'Message for the user, in the language asked for (Vietnamese by default)',
        }),
        details: Type.Array(
          Type.Object(
            {
              path: Type.Optional(Type.String()),
              reason: Type.String(),
              message: Type.Optional(Type.String()),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export function languageOf(request: FastifyRequest): 'vi' | 'en' {
  const header = request.headers['accept-language'] ?? '';
  return /^en\b/i.test(header) ? 'en' : 'vi';
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  details: ErrorDetail[] = [],
): FastifyReply {
  const entry = errorCatalogue[code];
  return reply.status(entry.status).send({
    error: { code, message: entry[languageOf(request)], details },
  });
}

function validationDetails(error: FastifyError): ErrorDetail[] {
  return (error.validation ?? []).slice(0, 50).map((v) => {
    const params = v.params as Record<string, unknown>;
    const extra = typeof params.additionalProperty === 'string' ? `/${params.additionalProperty}` : '';
    const missing = typeof params.missingProperty === 'string' ? `/${params.missingProperty}` : '';
    return {
      path: `${error.validationContext ?? 'body'}${v.instancePath}${extra}${missing}`,
      reason: v.keyword,
      ...(v.message ? { message: v.message } : {}),
    };
  });
}

/** Maps every thrown error to the catalogue; 5xx answers never carry internals. */
export function installErrorHandling(app: FastifyInstance, options: { serveWebApp: boolean }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) return sendError(request, reply, error.code, error.details);
    if (error.validation) return sendError(request, reply, 'DANSO_ERR_VALIDATION', validationDetails(error));
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(request, reply, 'DANSO_ERR_BODY_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(request, reply, 'DANSO_ERR_UNSUPPORTED_MEDIA_TYPE');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(request, reply, 'DANSO_ERR_MALFORMED_JSON');
      case 'FST_ERR_RATE_LIMIT':
        return sendError(request, reply, 'DANSO_ERR_RATE_LIMITED');
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return sendError(request, reply, 'DANSO_ERR_MALFORMED_JSON');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(request, reply, 'DANSO_ERR_VALIDATION', [{ reason: error.code ?? 'bad_request' }]);
    }
    request.log.error({ err: { type: error.name, code: error.code, stack: error.stack } }, 'unhandled error');
    return sendError(request, reply, 'DANSO_ERR_INTERNAL');
  });

  // With the web app served, any other GET outside the API is a client-side route: it gets index.html.
  app.setNotFoundHandler((request, reply) => {
    if (options.serveWebApp && request.method === 'GET' && !request.url.startsWith('/api')) {
      return reply.sendFile('index.html');
    }
    return sendError(request, reply, 'DANSO_ERR_ROUTE_NOT_FOUND');
  });
}

/** Response schemas every route shares for its error answers. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
  500: ErrorResponse,
} as const;
