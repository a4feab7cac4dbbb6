import { Type } from '@sinclair/typebox';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import type { RegisterImportService } from './register-import.service.ts';

const strict = { additionalProperties: false } as const;
const Problem = Type.Object(
  {
    line: Type.Integer({ description: 'Dòng trong tệp (dòng tiêu đề là 1; 0: cả tệp)' }),
    field: Type.String({ description: 'Cột, như tệp ghi' }),
    reason: Type.String(),
    message: Type.String(),
  },
  strict,
);

/**
 * A commune's register is far larger than an ordinary request: some 100 bytes a person, up to 100,000
 * people in a city ward, and a third more for base64.
 */
export const REGISTER_IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

export function registerRegisterImportRoutes(api: Api, services: { registerImport: RegisterImportService }) {
  api.post(
    '/v1/register/import',
    {
      bodyLimit: REGISTER_IMPORT_BODY_LIMIT,
      schema: {
        tags: ['register'],
        summary:
          'Nhập sổ hộ (hộ và nhân khẩu của một xã) từ CSV hoặc XLSX của phần mềm cũ; chạy thử không ghi (import an existing register, with dry run)',
        body: Type.Object(
          {
            communeCode: Type.String({ pattern: '^[0-9]{5}$', description: 'Mã xã' }),
            format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
            content: Type.String({
              minLength: 1,
              maxLength: REGISTER_IMPORT_BODY_LIMIT,
              description: 'Nội dung tệp: văn bản UTF-8 (csv) hoặc base64 (xlsx)',
            }),
            dryRun: Type.Boolean({ default: true }),
          },
          strict,
        ),
        response: {
          200: Type.Object(
            {
              communeCode: Type.String(),
              format: Type.String(),
              dryRun: Type.Boolean(),
              ok: Type.Boolean(),
              rows: Type.Integer(),
              households: Type.Integer(),
              people: Type.Integer(),
              skipped: Type.Integer(),
              importedOn: Type.String(),
              problemCount: Type.Integer(),
              problems: Type.Array(Problem),
              warnings: Type.Array(Problem),
            },
            strict,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      services.registerImport.importRegister(sessionOf(request).actor, request.body, request.ip),
  );
}
