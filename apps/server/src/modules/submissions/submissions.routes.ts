import { changeTypes, MONTH_SUBMISSION_KIND } from '@danso/domain';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['submissions'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Uuid = Type.String({ format: 'uuid' });

const Document = Type.Object(
  {
    kind: Type.Literal(MONTH_SUBMISSION_KIND),
    month: Month,
    userId: Uuid,
    areaIds: Type.Array(Uuid, { minItems: 1, maxItems: 50 }),
    changeIds: Type.Array(Uuid, {
      maxItems: 10_000,
      description: 'Mã các biến động trong tháng, đã sắp xếp',
    }),
    counts: Type.Object(
      Object.fromEntries(
        changeTypes.map((t) => [t, Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 }))]),
      ),
      strict,
    ),
    submittedAt: Type.String({ format: 'date-time' }),
  },
  strict,
);

const Status = Type.Union([Type.Literal('on_time'), Type.Literal('late'), Type.Literal('missing')]);

export function registerSubmissionRoutes(api: Api, services: Services): void {
  const { submissions } = services;

  api.post(
    '/v1/submissions',
    {
      schema: {
        tags,
        summary:
          'Nộp phiếu thu tin của tháng, ký số trên điện thoại (submit the month’s signed change sheet; a second one is a new version)',
        body: Type.Object(
          {
            document: Document,
            keyId: Uuid,
            signature: Type.String({
              pattern: '^[A-Za-z0-9_-]{86}$',
              description: 'Chữ ký Ed25519, base64url',
            }),
          },
          strict,
        ),
        response: {
          201: Type.Object(
            {
              id: Type.String(),
              version: Type.Integer(),
              receivedAt: Type.String(),
              deadline: Type.String(),
              onTime: Type.Boolean(),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await submissions.submit(sessionOf(request).actor, {
        document: body.document as Parameters<typeof submissions.submit>[1]['document'],
        keyId: body.keyId,
        signature: body.signature,
      });
      return reply.status(201).send(result);
    },
  );

  api.get(
    '/v1/submissions',
    {
      schema: {
        tags,
        summary:
          'Tình hình nộp phiếu thu tin của các CTV trong xã: đúng hạn, muộn, chưa nộp; lần đồng bộ cuối (month submissions of a commune)',
        querystring: Type.Object({ communeCode: Type.String({ pattern: '^\\d{5}$' }), month: Month }, strict),
        response: {
          200: Type.Object(
            {
              communeCode: Type.String(),
              month: Type.String(),
              dueDate: Type.String(),
              deadline: Type.String(),
              collaborators: Type.Array(
                Type.Object(
                  {
                    userId: Type.String(),
                    username: Type.String(),
                    displayName: Type.String(),
                    areas: Type.Array(
                      Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }, strict),
                    ),
                    status: Status,
                    submissionId: Nullable(Type.String()),
                    submittedAt: Nullable(Type.String()),
                    firstSubmittedAt: Nullable(Type.String()),
                    versions: Type.Integer(),
                    changeCount: Type.Integer(),
                    signatureValid: Type.Boolean(),
                    lastSyncAt: Nullable(Type.String()),
                    waitingOnDevice: Nullable(
                      Type.Object(
                        {
                          count: Type.Integer(),
                          oldestRecordedAt: Nullable(Type.String()),
                          reportedAt: Type.String(),
                        },
                        strict,
                      ),
                    ),
                  },
                  strict,
                ),
              ),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      submissions.list(sessionOf(request).actor, request.query.communeCode, request.query.month),
  );

  api.get(
    '/v1/submissions/:id',
    {
      schema: {
        tags,
        summary:
          'Một phiếu thu tin đã nộp: nội dung đã ký, chữ ký, khóa công khai và kết quả kiểm tra chữ ký (a stored submission, for proof)',
        params: Type.Object({ id: Uuid }, strict),
        response: {
          200: Type.Object(
            {
              id: Type.String(),
              userId: Type.String(),
              username: Type.String(),
              displayName: Type.String(),
              communeCode: Type.String(),
              month: Type.String(),
              version: Type.Integer(),
              receivedAt: Type.String(),
              deadline: Type.String(),
              onTime: Type.Boolean(),
              document: Type.Unknown(),
              signature: Type.String(),
              key: Nullable(
                Type.Object(
                  {
                    id: Type.String(),
                    fingerprint: Type.String(),
                    publicKey: Type.String(),
                    label: Type.String(),
                    createdAt: Type.String(),
                    revokedAt: Nullable(Type.String()),
                  },
                  strict,
                ),
              ),
              signatureValid: Type.Boolean(),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => submissions.get(sessionOf(request).actor, request.params.id),
  );
}
