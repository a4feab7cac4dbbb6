import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import type { Api } from '../../http/api.ts';
import { sessionOf } from '../../http/auth.ts';
import { errorResponses, languageOf } from '../../http/errors.ts';
import {
  AreaParams,
  HouseholdList,
  HouseholdListQuery,
  HouseholdPage,
  IdParams,
  PdfResponse,
  PersonPage,
  SearchQuery,
  SearchResults,
} from './register.schemas.ts';
import type { ReadContext } from './register.service.ts';

const tags = ['register'];

function contextOf(request: FastifyRequest): ReadContext {
  return { clientAddress: request.ip, language: languageOf(request) };
}

const pdfResponse = {
  200: { description: 'PDF, A4 ngang', content: { 'application/pdf': { schema: PdfResponse } } },
  ...errorResponses,
};

function sendPdf(reply: FastifyReply, fileName: string, pdf: Buffer): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(pdf);
}

/** The household register, read: household books, household pages (Sổ A0), people, search. */
export function registerRegisterRoutes(api: Api, services: Services): void {
  const { register } = services;

  api.get(
    '/v1/register/areas/:areaId/households',
    {
      schema: {
        tags,
        summary: 'Sổ hộ của một địa bàn: danh sách hộ (households of an area)',
        params: AreaParams,
        querystring: HouseholdListQuery,
        response: { 200: HouseholdList, ...errorResponses },
      },
    },
    async (request) =>
      register.householdsOfArea(
        sessionOf(request).actor,
        request.params.areaId,
        request.query,
        contextOf(request),
      ),
  );

  api.get(
    '/v1/register/areas/:areaId/a0.pdf',
    {
      schema: {
        tags,
        summary: 'Sổ A0 của cả địa bàn, mỗi hộ một trang (the area’s household book as PDF)',
        params: AreaParams,
        response: pdfResponse,
      },
    },
    async (request, reply) => {
      const pdf = await register.areaBookPdf(
        sessionOf(request).actor,
        request.params.areaId,
        contextOf(request),
      );
      return sendPdf(reply, `so-a0-dia-ban-${request.params.areaId}.pdf`, pdf);
    },
  );

  api.get(
    '/v1/register/households/:id',
    {
      schema: {
        tags,
        summary: 'Phiếu hộ dân cư: thông tin hộ và các thành viên theo thứ tự A0 (a household page)',
        params: IdParams,
        response: { 200: HouseholdPage, ...errorResponses },
      },
    },
    async (request) => register.household(sessionOf(request).actor, request.params.id, contextOf(request)),
  );

  api.get(
    '/v1/register/households/:id/a0.pdf',
    {
      schema: {
        tags,
        summary: 'Phiếu hộ dân cư dạng PDF, khổ A4 ngang (a household page as PDF)',
        params: IdParams,
        response: pdfResponse,
      },
    },
    async (request, reply) => {
      const pdf = await register.householdPdf(
        sessionOf(request).actor,
        request.params.id,
        contextOf(request),
      );
      return sendPdf(reply, `phieu-ho-${request.params.id}.pdf`, pdf);
    },
  );

  api.get(
    '/v1/register/people/:id',
    {
      schema: {
        tags,
        summary: 'Một nhân khẩu: thông tin và lịch sử biến động (a person and their timeline)',
        params: IdParams,
        response: { 200: PersonPage, ...errorResponses },
      },
    },
    async (request) => register.person(sessionOf(request).actor, request.params.id, contextOf(request)),
  );

  api.get(
    '/v1/register/search',
    {
      schema: {
        tags,
        summary: 'Tìm nhân khẩu theo tên (có hoặc không dấu), ngày sinh, mã hộ, số thẻ (search people)',
        querystring: SearchQuery,
        response: { 200: SearchResults, ...errorResponses },
      },
    },
    async (request) => register.search(sessionOf(request).actor, request.query, contextOf(request)),
  );
}
