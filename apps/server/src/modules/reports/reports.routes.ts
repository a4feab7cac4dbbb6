import { reportActions, reportStatuses } from '@danso/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';

const tags = ['reports'];
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Literals = <const T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() }, strict);
const DisplayStatus = Literals([...reportStatuses, 'revised']);
const PeriodType = Literals(['month', 'quarter', 'year']);
const Level = Literals(['commune', 'province']);

const ReportParams = Type.Object(
  {
    form: Type.String({ pattern: '^[0-9A-Z][0-9A-Z-]{1,29}$', description: 'Mã biểu báo cáo' }),
    unit: Type.String({ pattern: '^(\\d{2}|\\d{5})$', description: 'Mã xã (5 số) hoặc mã tỉnh (2 số)' }),
    period: Type.String({
      pattern: '^\\d{4}(-(\\d{2}|Q[1-4]))?$',
      description: 'Kỳ báo cáo: tháng 2026-10, quý 2026-Q3 hoặc năm 2025',
    }),
  },
  strict,
);

const FilledTable = Type.Object(
  {
    columns: Type.Array(Type.Object({ key: Type.String(), vi: Type.String(), en: Type.String() }, strict), {
      maxItems: 2000,
    }),
    rows: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          vi: Type.String(),
          en: Type.String(),
          unit: Nullable(Bilingual),
          indent: Type.Integer(),
          heading: Type.Boolean(),
          decimals: Type.Integer(),
          values: Type.Array(Nullable(Type.Number()), { maxItems: 2000 }),
        },
        strict,
      ),
      { maxItems: 300 },
    ),
  },
  strict,
);

const ReportDocument = Type.Object(
  {
    type: Type.Literal('danso.report/1'),
    form: Type.Object({ code: Type.String(), vi: Type.String(), en: Type.String() }, strict),
    unit: Type.Object(
      {
        code: Type.String(),
        name: Type.String(),
        level: Level,
        provinceCode: Type.String(),
        provinceName: Type.String(),
      },
      strict,
    ),
    period: Type.Object({ code: Type.String(), from: Type.String(), to: Type.String() }, strict),
    boundaries: Type.Literal('current'),
    version: Type.Integer({ minimum: 1 }),
    signer: Type.String(),
    table: FilledTable,
  },
  { ...strict, description: 'Tài liệu báo cáo được ký (JSON chuẩn hóa RFC 8785)' },
);

const Signed = Type.Object(
  {
    document: ReportDocument,
    keyId: Type.String({ format: 'uuid', description: 'Mã khóa ký đã đăng ký' }),
    signature: Type.String({ pattern: '^[A-Za-z0-9_-]{86}$', description: 'Chữ ký Ed25519, base64url' }),
  },
  strict,
);

const ReportView = Type.Object(
  {
    form: Type.Object(
      {
        code: Type.String(),
        vi: Type.String(),
        en: Type.String(),
        periodType: PeriodType,
        level: Level,
        note: Nullable(Bilingual),
      },
      strict,
    ),
    unit: ReportDocument.properties.unit,
    period: Type.Object({ code: Type.String(), from: Type.String(), to: Type.String() }, strict),
    boundaries: Literals(['current', 'historical']),
    deadline: Type.String({ format: 'date' }),
    periodOver: Type.Boolean(),
    status: Literals(reportStatuses),
    displayStatus: DisplayStatus,
    report: Nullable(
      Type.Object(
        {
          id: Type.String(),
          version: Type.Integer(),
          firstSubmittedAt: Type.String(),
          submittedAt: Type.String(),
          onTime: Type.Boolean(),
          approvedAt: Nullable(Type.String()),
          lockedAt: Nullable(Type.String()),
          returnedReason: Nullable(Type.String()),
        },
        strict,
      ),
    ),
    table: FilledTable,
    live: Nullable(FilledTable),
    changes: Type.Array(
      Type.Object(
        {
          row: Type.String(),
          column: Type.String(),
          before: Nullable(Type.Number()),
          after: Nullable(Type.Number()),
        },
        strict,
      ),
      { maxItems: 100000 },
    ),
    versions: Type.Array(
      Type.Object(
        {
          version: Type.Integer(),
          kind: Literals(['submission', 'revision']),
          signerName: Type.String(),
          signedAt: Type.String(),
          keyId: Type.String(),
          fingerprint: Type.String(),
        },
        strict,
      ),
    ),
    actions: Type.Array(
      Type.Object(
        {
          action: Literals(reportActions),
          version: Type.Integer(),
          actorName: Type.String(),
          at: Type.String(),
          reason: Nullable(Type.String()),
        },
        strict,
      ),
    ),
    can: Type.Object(
      {
        submit: Type.Boolean(),
        approve: Type.Boolean(),
        lock: Type.Boolean(),
        return: Type.Boolean(),
        acceptRevision: Type.Boolean(),
      },
      strict,
    ),
    toSign: Nullable(ReportDocument),
  },
  strict,
);

const FormList = Type.Array(
  Type.Object(
    {
      code: Type.String(),
      vi: Type.String(),
      en: Type.String(),
      note: Nullable(Bilingual),
      periodType: PeriodType,
      level: Level,
      deadline: Type.Object({ workingDaysAfterPeriod: Type.Integer() }, strict),
      layout: Literals(['fixed', 'units']),
      columns: Type.Array(
        Type.Object(
          {
            key: Type.String(),
            vi: Type.String(),
            en: Type.String(),
            split: Nullable(Type.Object({ by: Type.String(), category: Type.String() }, strict)),
          },
          strict,
        ),
      ),
      rows: Type.Array(
        Type.Object(
          {
            code: Type.String(),
            vi: Type.String(),
            en: Type.String(),
            unit: Nullable(Bilingual),
            formula: Nullable(Type.String()),
            decimals: Type.Integer(),
            indent: Type.Integer(),
          },
          strict,
        ),
      ),
    },
    strict,
  ),
  { maxItems: 200 },
);

const Year = Type.String({ pattern: '^\\d{4}$', description: 'Năm (YYYY)' });

const ReportCell = {
  deadline: Type.String(),
  status: Literals(reportStatuses),
  displayStatus: DisplayStatus,
  submittedAt: Nullable(Type.String()),
  onTime: Nullable(Type.Boolean()),
  overdue: Type.Boolean(),
};

const FormRef = Type.Object(
  { code: Type.String(), vi: Type.String(), en: Type.String(), periodType: PeriodType },
  strict,
);

const FileResponse = (contentType: string, description: string) => ({
  200: {
    description,
    content: { [contentType]: { schema: Type.String({ format: 'binary', description }) } },
  },
  ...errorResponses,
});

function sendFile(
  reply: FastifyReply,
  file: { fileName: string; contentType: string; body: Buffer | string },
): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('content-length', Buffer.byteLength(file.body))
    .header('cache-control', 'no-store')
    .send(file.body);
}

const formats = {
  xlsx: [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Tệp Excel (XLSX) theo mẫu biểu',
  ],
  pdf: ['application/pdf', 'Tệp PDF theo mẫu biểu'],
  csv: ['text/csv', 'CSV, UTF-8 có BOM'],
} as const;

/** Report forms, live and frozen reports, the workflow, signature checks, exports and monitoring. */
export function registerReportRoutes(api: Api, services: Services): void {
  const { reports } = services;
  const base = '/v1/reports/:form/:unit/:period';

  api.get(
    '/v1/reports/forms',
    {
      schema: {
        tags,
        summary: 'Danh mục biểu báo cáo: kỳ, cấp, hạn nộp, hàng và cột (report forms)',
        response: { 200: FormList, ...errorResponses },
      },
    },
    async (request) => reports.listForms(sessionOf(request).actor),
  );

  api.get(
    '/v1/reports',
    {
      schema: {
        tags,
        summary: 'Các báo cáo của một xã hoặc tỉnh trong năm, với trạng thái và hạn nộp (reports of a unit)',
        querystring: Type.Object(
          {
            unit: Type.String({ pattern: '^(\\d{2}|\\d{5})$', description: 'Mã xã hoặc mã tỉnh' }),
            year: Year,
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              unit: Type.Object({ code: Type.String(), name: Type.String(), level: Level }, strict),
              year: Type.String(),
              items: Type.Array(
                Type.Object({ form: FormRef, period: Type.String(), ...ReportCell }, strict),
                {
                  maxItems: 200,
                },
              ),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => reports.list(sessionOf(request).actor, request.query),
  );

  api.get(
    '/v1/reports/monitoring',
    {
      schema: {
        tags,
        summary:
          'Theo dõi tính kịp thời và đầy đủ của báo cáo các xã trong tỉnh (timeliness and completeness)',
        querystring: Type.Object(
          {
            province: Type.String({ pattern: '^\\d{2}$', description: 'Mã tỉnh' }),
            form: Type.String({ pattern: '^[0-9A-Z][0-9A-Z-]{1,29}$', description: 'Mã biểu của xã' }),
            year: Year,
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              province: Type.Object({ code: Type.String(), name: Type.String() }, strict),
              form: FormRef,
              year: Type.String(),
              periods: Type.Array(Type.Object({ period: Type.String(), deadline: Type.String() }, strict)),
              communes: Type.Array(
                Type.Object(
                  {
                    code: Type.String(),
                    name: Type.String(),
                    cells: Type.Array(Type.Object({ period: Type.String(), ...ReportCell }, strict)),
                    expected: Type.Integer(),
                    received: Type.Integer(),
                    onTime: Type.Integer(),
                    completeness: Nullable(Type.Number()),
                    timeliness: Nullable(Type.Number()),
                  },
                  strict,
                ),
                { maxItems: 2000 },
              ),
              totals: Type.Object(
                {
                  expected: Type.Integer(),
                  received: Type.Integer(),
                  onTime: Type.Integer(),
                  completeness: Nullable(Type.Number()),
                  timeliness: Nullable(Type.Number()),
                },
                strict,
              ),
              waiting: Type.Array(
                Type.Object(
                  {
                    unit: Type.String(),
                    name: Type.String(),
                    period: Type.String(),
                    displayStatus: DisplayStatus,
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
    async (request) => reports.monitoring(sessionOf(request).actor, request.query),
  );

  api.get(
    base,
    {
      schema: {
        tags,
        summary:
          'Một báo cáo: số liệu (bản đã ký hoặc bản nháp tính trực tiếp), trạng thái, phiên bản, điều chỉnh',
        params: ReportParams,
        querystring: Type.Object(
          {
            boundaries: Type.Optional(
              Literals(
                ['current', 'historical'],
                'current: địa giới hiện nay; historical: đơn vị có hiệu lực khi đó',
              ),
            ),
          },
          strict,
        ),
        response: { 200: ReportView, ...errorResponses },
      },
    },
    async (request) => reports.view(sessionOf(request).actor, request.params, request.query.boundaries),
  );

  api.post(
    `${base}/submit`,
    {
      schema: {
        tags,
        summary: 'Chốt số liệu và gửi báo cáo, ký số Ed25519 (submit: values frozen and signed)',
        params: ReportParams,
        body: Signed,
        response: { 200: ReportView, ...errorResponses },
      },
    },
    async (request) => reports.submit(sessionOf(request).actor, request.params, request.body),
  );

  api.post(
    `${base}/approve`,
    {
      schema: {
        tags,
        summary: 'Tỉnh duyệt báo cáo của xã; mặc định khóa luôn (approve, and lock unless lock is false)',
        params: ReportParams,
        body: Type.Object({ lock: Type.Optional(Type.Boolean()) }, strict),
        response: { 200: ReportView, ...errorResponses },
      },
    },
    async (request) =>
      reports.decide(sessionOf(request).actor, request.params, {
        action: 'approve',
        lock: request.body.lock ?? true,
      }),
  );

  api.post(
    `${base}/lock`,
    {
      schema: {
        tags,
        summary: 'Tỉnh khóa báo cáo đã duyệt (lock an approved report)',
        params: ReportParams,
        body: Type.Object({}, strict),
        response: { 200: ReportView, ...errorResponses },
      },
    },
    async (request) => reports.decide(sessionOf(request).actor, request.params, { action: 'lock' }),
  );

  api.post(
    `${base}/return`,
    {
      schema: {
        tags,
        summary: 'Tỉnh trả lại báo cáo cho xã, kèm lý do (return with a reason)',
        params: ReportParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, strict),
        response: { 200: ReportView, ...errorResponses },
      },
    },
    async (request) =>
      reports.decide(sessionOf(request).actor, request.params, {
        action: 'return',
        reason: request.body.reason.trim() || request.body.reason,
      }),
  );

  api.post(
    `${base}/revisions`,
    {
      schema: {
        tags,
        summary: 'Tỉnh chấp nhận điều chỉnh: số liệu mới thành phiên bản mới, ký số (accept a revision)',
        params: ReportParams,
        body: Signed,
        response: { 200: ReportView, ...errorResponses },
      },
    },
    async (request) => reports.acceptRevision(sessionOf(request).actor, request.params, request.body),
  );

  api.get(
    `${base}/verify`,
    {
      schema: {
        tags,
        summary: 'Kiểm tra lại chữ ký số của mọi phiên bản đã lưu (re-verify stored signatures)',
        params: ReportParams,
        response: {
          200: Type.Object(
            {
              valid: Type.Boolean(),
              versions: Type.Array(
                Type.Object(
                  {
                    version: Type.Integer(),
                    kind: Literals(['submission', 'revision']),
                    signerName: Type.String(),
                    signedAt: Type.String(),
                    fingerprint: Type.String(),
                    valid: Type.Boolean(),
                    reason: Nullable(Type.String()),
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
    async (request) => reports.verify(sessionOf(request).actor, request.params),
  );

  api.get(
    `${base}/versions/:version`,
    {
      schema: {
        tags,
        summary: 'Tài liệu đã ký của một phiên bản, cùng chữ ký (a frozen version as signed)',
        params: Type.Object({ ...ReportParams.properties, version: Type.Integer({ minimum: 1 }) }, strict),
        response: {
          200: Type.Object(
            {
              version: Type.Integer(),
              kind: Literals(['submission', 'revision']),
              document: ReportDocument,
              signature: Type.String(),
              keyId: Type.String(),
              publicKey: Type.String(),
              signerName: Type.String(),
              signedAt: Type.String(),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { version, ...key } = request.params;
      const found = await reports.version(sessionOf(request).actor, key, version);
      const v = found.version;
      return {
        version: v.version,
        kind: v.kind,
        document: v.document,
        signature: v.signature,
        keyId: v.key_id,
        publicKey: v.public_key,
        signerName: v.signer_name,
        signedAt: v.signed_at.toISOString(),
      };
    },
  );

  const YearbookJob = Type.Object(
    {
      id: Type.String(),
      format: Literals(['pdf', 'xlsx']),
      status: Literals(['running', 'done', 'failed']),
      progress: Type.Number({ minimum: 0, maximum: 1 }),
      step: Literals(['tables', 'layout', 'done']),
      fileName: Nullable(Type.String()),
      error: Nullable(Type.String()),
    },
    strict,
  );
  const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, strict);

  api.post(
    '/v1/yearbooks',
    {
      schema: {
        tags,
        summary: 'Bắt đầu tạo niên giám dân số của tỉnh cho một năm, PDF hoặc XLSX (start a yearbook)',
        body: Type.Object(
          {
            province: Type.String({ pattern: '^\\d{2}$', description: 'Mã tỉnh' }),
            year: Year,
            format: Literals(['pdf', 'xlsx']),
          },
          strict,
        ),
        response: { 202: YearbookJob, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await reports.startYearbook(sessionOf(request).actor, request.body)),
  );

  api.get(
    '/v1/yearbooks/:id',
    {
      schema: {
        tags,
        summary: 'Tiến độ tạo niên giám (progress of a yearbook)',
        params: JobParams,
        response: { 200: YearbookJob, ...errorResponses },
      },
    },
    async (request) => reports.yearbookJob(sessionOf(request).actor, request.params.id),
  );

  api.get(
    '/v1/yearbooks/:id/file',
    {
      schema: {
        tags,
        summary: 'Tải niên giám đã tạo (the finished yearbook)',
        params: JobParams,
        response: {
          200: {
            description: 'PDF hoặc XLSX',
            content: {
              'application/pdf': { schema: Type.String({ format: 'binary' }) },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: Type.String({ format: 'binary' }),
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      sendFile(reply, await reports.yearbookFile(sessionOf(request).actor, request.params.id)),
  );

  for (const format of ['xlsx', 'pdf', 'csv'] as const) {
    api.get(
      `${base}/export.${format}`,
      {
        schema: {
          tags,
          summary: `Tải báo cáo dạng ${format.toUpperCase()} (phiên bản mới nhất, hoặc bản nháp)`,
          params: ReportParams,
          querystring: Type.Object(
            {
              version: Type.Optional(
                Type.Integer({ minimum: 1, description: 'Phiên bản (mặc định: mới nhất)' }),
              ),
            },
            strict,
          ),
          response: FileResponse(formats[format][0], formats[format][1]),
        },
      },
      async (request, reply) => {
        const file = await reports.exportFile(
          sessionOf(request).actor,
          request.params,
          format,
          request.query.version,
        );
        return sendFile(reply, file);
      },
    );
  }
}
