import { readFile } from 'node:fs/promises';
import {
  type DemographyMethodName,
  DomainError,
  demographyMethodNames,
  demographyMethods,
  errorMessage,
} from '@danso/domain';
import type { Command } from 'commander';

export type DemographyRun = { ok: true; stdout: string } | { ok: false; stderr: string };

function describeError(error: DomainError): string {
  const lines = [`${error.code}: ${errorMessage(error.code, 'vi')}`];
  for (const detail of error.details) {
    const where = detail.path ? `${detail.path} ` : '';
    lines.push(`  - ${where}[${detail.reason}] ${detail.message ?? ''}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** Runs one method on the text of a JSON object: the JSON answer, or the problems in Vietnamese with codes. */
export function runDemographyMethod(name: DemographyMethodName, text: string): DemographyRun {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return {
      ok: false,
      stderr: `DANSO_ERR_MALFORMED_JSON: ${errorMessage('DANSO_ERR_MALFORMED_JSON', 'vi')}\n`,
    };
  }
  try {
    return { ok: true, stdout: `${JSON.stringify(demographyMethods[name].run(input))}\n` };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, stderr: describeError(error) };
    throw error;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** `danso demography life-table|fertility|project|age-heaping [--input FILE]`: one JSON object in, one out. */
export function registerDemographyCommand(program: Command): void {
  const demography = program
    .command('demography')
    .description(
      'Các phương pháp nhân khẩu học trên JSON: đọc một đối tượng JSON (stdin hoặc --input), ghi kết quả ra stdout',
    );
  for (const name of demographyMethodNames) {
    demography
      .command(name)
      .description(demographyMethods[name].summary)
      .option('-i, --input <file>', 'tệp JSON đầu vào (mặc định: đọc từ stdin)')
      .action(async (options: { input?: string }) => {
        let text: string;
        try {
          text = options.input === undefined ? await readStdin() : await readFile(options.input, 'utf8');
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          process.stderr.write(`Không đọc được dữ liệu vào (cannot read the input): ${reason}\n`);
          process.exitCode = 1;
          return;
        }
        const result = runDemographyMethod(name, text);
        if (result.ok) {
          process.stdout.write(result.stdout);
        } else {
          process.stderr.write(result.stderr);
          process.exitCode = 1;
        }
      });
  }
}
