import { existsSync } from 'node:fs';
import { vietNamDate } from '@danso/domain';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { installAuth } from './http/auth.ts';
import { installErrorHandling } from './http/errors.ts';
import { installValidation } from './http/validation.ts';
import { registerAdminUnitRoutes } from './modules/admin-units/admin-units.routes.ts';
import { AdminUnitsService } from './modules/admin-units/admin-units.service.ts';
import { registerAuditRoutes } from './modules/audit/audit.routes.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { registerBoundaryRoutes } from './modules/boundaries/boundaries.routes.ts';
import { BoundariesService } from './modules/boundaries/boundaries.service.ts';
import { registerChangeRoutes } from './modules/changes/changes.routes.ts';
import { ChangesService } from './modules/changes/changes.service.ts';
import { registerDashboardRoutes } from './modules/dashboards/dashboards.routes.ts';
import { DashboardsService } from './modules/dashboards/dashboards.service.ts';
import { registerDemographyRoutes } from './modules/demography/demography.routes.ts';
import { registerDuplicateRoutes } from './modules/duplicates/duplicates.routes.ts';
import { DuplicatesService } from './modules/duplicates/duplicates.service.ts';
import { registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerIndicatorRoutes } from './modules/indicators/indicators.routes.ts';
import { IndicatorsService } from './modules/indicators/indicators.service.ts';
import { registerPlaceRoutes } from './modules/places/places.routes.ts';
import { PlacesService } from './modules/places/places.service.ts';
import { registerPopulationRoutes } from './modules/population/population.routes.ts';
import { PopulationService } from './modules/population/population.service.ts';
import { StockRefresher } from './modules/population/stale-stock.ts';
import { registerProjectionRoutes } from './modules/projections/projections.routes.ts';
import { ProjectionsService } from './modules/projections/projections.service.ts';
import { registerPublishedRoutes } from './modules/published/published.routes.ts';
import { PublishedService } from './modules/published/published.service.ts';
import { registerRegisterRoutes } from './modules/register/register.routes.ts';
import { RegisterService } from './modules/register/register.service.ts';
import { registerRegisterImportRoutes } from './modules/register-import/register-import.routes.ts';
import { RegisterImportService } from './modules/register-import/register-import.service.ts';
import { registerReportRoutes } from './modules/reports/reports.routes.ts';
import { ReportsService } from './modules/reports/reports.service.ts';
import { registerSigningKeyRoutes } from './modules/signing-keys/signing-keys.routes.ts';
import { SigningKeysService, verifySignedBy } from './modules/signing-keys/signing-keys.service.ts';
import { registerSubmissionRoutes } from './modules/submissions/submissions.routes.ts';
import { SubmissionsService } from './modules/submissions/submissions.service.ts';
import { registerSyncRoutes } from './modules/sync/sync.routes.ts';
import { SyncService } from './modules/sync/sync.service.ts';
import { registerUserRoutes } from './modules/users/users.routes.ts';
import { UsersService } from './modules/users/users.service.ts';

/** How long after an approval its areas' month-end stocks are computed again (more approvals meanwhile join). */
const STOCK_REFRESH_DELAY_MS = 1000;

export type App = FastifyInstance & { withTypeProvider: FastifyInstance['withTypeProvider'] };

export interface Services {
  audit: AuditService;
  auth: AuthService;
  users: UsersService;
  adminUnits: AdminUnitsService;
  places: PlacesService;
  register: RegisterService;
  registerImport: RegisterImportService;
  changes: ChangesService;
  population: PopulationService;
  projections: ProjectionsService;
  indicators: IndicatorsService;
  duplicates: DuplicatesService;
  signingKeys: SigningKeysService;
  reports: ReportsService;
  sync: SyncService;
  submissions: SubmissionsService;
  published: PublishedService;
  boundaries: BoundariesService;
  dashboards: DashboardsService;
  stockRefresher: StockRefresher;
}

export function createServices(config: Config, database: Database): Services {
  const audit = new AuditService(database);
  const adminUnits = new AdminUnitsService(database, audit);
  const indicators = new IndicatorsService(database);
  const stockRefresher = new StockRefresher(
    database.db,
    () => `${vietNamDate(new Date()).slice(0, 7)}-01`,
    STOCK_REFRESH_DELAY_MS,
  );
  const changes = new ChangesService(database, audit, { stockRefresher });
  return {
    audit,
    stockRefresher,
    auth: new AuthService(database, config, audit),
    users: new UsersService(database, audit, adminUnits),
    adminUnits,
    places: new PlacesService(database, adminUnits),
    register: new RegisterService(database, audit, adminUnits),
    registerImport: new RegisterImportService(database, audit),
    changes,
    population: new PopulationService(database, audit),
    projections: new ProjectionsService(database),
    indicators,
    duplicates: new DuplicatesService(database, audit),
    signingKeys: new SigningKeysService(database, audit),
    reports: new ReportsService(database, indicators, verifySignedBy),
    sync: new SyncService(database, audit, changes),
    submissions: new SubmissionsService(database, audit, { dueDay: config.submissionDueDay }),
    published: new PublishedService(indicators),
    boundaries: new BoundariesService(database, audit),
    dashboards: new DashboardsService(indicators),
  };
}

/** Builds the HTTP application. It never listens: `main.ts` does, and tests use `app.inject()`. */
export async function buildApp(config: Config, database: Database): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // No personal data in logs: request bodies are never logged, and cookies are redacted.
            redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
          },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const serveWebApp = existsSync(config.webDist);
  installErrorHandling(app, { serveWebApp });
  installValidation(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'DânSố API',
        description:
          'Hệ thống thông tin chuyên ngành dân số — API. Sign in with POST /api/v1/auth/login; ' +
          'the session cookie then authenticates, and writes carry the x-csrf-token header.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'danso_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const services = createServices(config, database);
  // A failed background refresh loses nothing: the marks stay, and the next read or approval computes them.
  services.stockRefresher.onError = (error) => app.log.error({ err: error }, 'stock refresh failed');
  app.addHook('onClose', () => services.stockRefresher.close());
  // Yearbooks a stopped server left half built are built again (their files are kept in the database).
  app.addHook('onReady', async () => {
    const resumed = await services.reports.resumeYearbooks();
    if (resumed > 0) app.log.info({ resumed }, 'yearbook jobs resumed');
  });
  installAuth(app, services.auth);

  await app.register(
    async (api) => {
      registerHealthRoutes(api, database);
      registerAuthRoutes(api, services, config);
      registerUserRoutes(api, services);
      registerAdminUnitRoutes(api, services);
      registerPlaceRoutes(api, services);
      registerRegisterRoutes(api, services);
      registerRegisterImportRoutes(api, services);
      registerChangeRoutes(api, services);
      registerPopulationRoutes(api, services);
      registerProjectionRoutes(api, services);
      registerIndicatorRoutes(api, services);
      registerDuplicateRoutes(api, services);
      registerAuditRoutes(api, services);
      registerDemographyRoutes(api);
      registerSigningKeyRoutes(api, services);
      registerReportRoutes(api, services);
      registerSyncRoutes(api, services);
      registerSubmissionRoutes(api, services);
      registerPublishedRoutes(api, services);
      registerBoundaryRoutes(api, services);
      registerDashboardRoutes(api, services);
    },
    { prefix: '/api' },
  );

  if (serveWebApp) {
    // The build keeps Brotli and gzip copies of its text files, sent to browsers that accept them.
    await app.register(fastifyStatic, { root: config.webDist, wildcard: false, preCompressed: true });
  }
  return app;
}
