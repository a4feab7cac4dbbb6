/**
 * The benchmark harness: `npm run bench` runs every module in bench/benchmarks/, `npm run bench -- <id> …`
 * the named ones. Each result is written to bench/results/<id>.json; a table of all results on disk is
 * printed and written to bench/results/summary.md. Exits with 1 when a benchmark fails or misses its target.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Benchmark, type BenchmarkRecord, isBenchmark } from './benchmark.ts';

const benchDir = import.meta.dirname;
const benchmarksDir = path.join(benchDir, 'benchmarks');
const resultsDir = path.join(benchDir, 'results');

async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = (await readdir(benchmarksDir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const found: Benchmark[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(benchmarksDir, file)).href)) as Record<
      string,
      unknown
    >;
    const candidate = module.default ?? module;
    if (!isBenchmark(candidate)) throw new Error(`${file} does not export { id, title, unit, target, run }`);
    if (`${candidate.id}.ts` !== file)
      throw new Error(`${file} exports id "${candidate.id}"; the file must be named after it`);
    found.push(candidate);
  }
  return found;
}

function formatValue(record: BenchmarkRecord): string {
  return record.value === null ? '—' : `${record.value} ${record.unit}`;
}

async function readRecords(): Promise<BenchmarkRecord[]> {
  const files = (await readdir(resultsDir)).filter((f) => f.endsWith('.json')).sort();
  const records: BenchmarkRecord[] = [];
  for (const file of files) records.push(JSON.parse(await readFile(path.join(resultsDir, file), 'utf8')));
  return records;
}

function table(records: BenchmarkRecord[], titles: Map<string, string>): string[] {
  const rows = records.map((r) => [
    r.id,
    titles.get(r.id) ?? '',
    formatValue(r),
    r.target,
    r.ok ? 'ok' : 'MISSED',
    typeof r.details.summary === 'string' ? r.details.summary : '',
  ]);
  const header = ['id', 'benchmark', 'value', 'target', 'result', 'notes'];
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
}

async function main(): Promise<number> {
  const all = await loadBenchmarks();
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = wanted.filter((id) => !all.some((b) => b.id === id));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${all.map((b) => b.id).join(', ')}`);
    return 1;
  }
  const selected = wanted.length > 0 ? all.filter((b) => wanted.includes(b.id)) : all;
  await mkdir(resultsDir, { recursive: true });

  let failed = false;
  for (const benchmark of selected) {
    console.log(`\n▶ ${benchmark.id}: ${benchmark.title} (target ${benchmark.target})`);
    let record: BenchmarkRecord;
    try {
      const result = await benchmark.run();
      record = {
        id: benchmark.id,
        value: result.value,
        unit: benchmark.unit,
        target: benchmark.target,
        ok: result.ok,
        details: result.details,
      };
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(message);
      record = {
        id: benchmark.id,
        value: null,
        unit: benchmark.unit,
        target: benchmark.target,
        ok: false,
        details: { error: error instanceof Error ? error.message : String(error), summary: 'failed to run' },
      };
    }
    failed ||= !record.ok;
    await writeFile(path.join(resultsDir, `${benchmark.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
    console.log(`  ${record.ok ? '✓' : '✗'} ${formatValue(record)} — ${JSON.stringify(record.details)}`);
  }

  const titles = new Map(all.map((b) => [b.id, b.title]));
  const lines = table(await readRecords(), titles);
  const summary = [
    '# Benchmark results',
    '',
    `Last run ${new Date().toISOString()} (${selected.map((b) => b.id).join(', ')}). Details in <id>.json.`,
    '',
    ...lines,
    '',
  ].join('\n');
  await writeFile(path.join(resultsDir, 'summary.md'), summary);
  console.log(`\n${lines.join('\n')}\n\nWritten: ${path.relative(process.cwd(), resultsDir)}/summary.md`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
