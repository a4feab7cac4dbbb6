import { type DemographyMethodName, demographyMethods } from '@danso/domain';

/**
 * The demography methods behind the API. They read and store nothing, so any signed-in user may use them:
 * the route's `access: 'session'` is the whole access check, and the service needs no actor.
 * The domain functions validate the input and throw DANSO_ERR_VALIDATION listing every problem.
 */
export function runDemographyMethod(method: DemographyMethodName, input: unknown): unknown {
  return demographyMethods[method].run(input);
}
