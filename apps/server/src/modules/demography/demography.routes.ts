import { demographyMethodNames, demographyMethods } from '@danso/domain';
import type { Api } from '../../http/api.ts';
import { errorResponses } from '../../http/errors.ts';
import { runDemographyMethod } from './demography.service.ts';

/**
 * `POST /api/v1/demography/<method>` for life-table, fertility, project and age-heaping: the same JSON objects
 * as `danso demography <method>`.
 */
export function registerDemographyRoutes(api: Api): void {
  for (const name of demographyMethodNames) {
    const method = demographyMethods[name];
    api.post(
      `/v1/demography/${name}`,
      {
        schema: {
          tags: ['demography'],
          summary: method.summary,
          body: method.input,
          response: { 200: method.output, ...errorResponses },
        },
        config: { access: 'session' },
        // The body schema documents the input; the domain function checks it again together with the rules a
        // schema cannot express, and lists every problem in Vietnamese exactly as the CLI does.
        attachValidation: true,
      },
      async (request) => runDemographyMethod(name, request.body),
    );
  }
}
