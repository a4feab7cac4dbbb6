import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { prepareDemo, simulateDemoHistory } from './demo.ts';
import { DASHBOARD_STOCK_MONTHS } from './modules/dashboards/dashboards.service.ts';
import { IndicatorsService } from './modules/indicators/indicators.service.ts';
import { STOCK_PREPARE_INTERVAL_MS, StockPreparer } from './modules/indicators/stock-preparer.ts';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const migration = await migrate(database);
if (migration.applied.length > 0)
  console.log(`Đã áp dụng ${migration.applied.length} migration (migrations applied).`);
const demo = config.demo ? await prepareDemo(database, config, (line) => console.log(line)) : null;

const app = await buildApp(config, database);
await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

console.log(`
DânSố đang chạy tại ${url}  (running at ${url})
  Cơ sở dữ liệu (database): ${database.kind === 'pglite' ? `PGlite nhúng tại ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}
  Tài liệu API (API reference): ${url}/api/docs`);
if (demo) console.log(demo.loginHelp);

// Month-end stocks never computed (months before a province was loaded, a new month) are computed in the
// background; the demo's first start does it after simulating its months of changes.
const preparer = new StockPreparer(database, new IndicatorsService(database), {
  months: DASHBOARD_STOCK_MONTHS,
  intervalMs: STOCK_PREPARE_INTERVAL_MS,
  log: (line) => console.log(line),
  onError: (error) =>
    console.error(
      `Không tính trước được số liệu cuối tháng (month-end stocks not prepared): ${error instanceof Error ? error.message : String(error)}`,
    ),
});
if (demo?.simulate)
  void simulateDemoHistory(database, config, (line) => console.log(line)).finally(() => preparer.start());
else preparer.start();

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`Đang dừng (${signal})…`);
  await preparer.close();
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
