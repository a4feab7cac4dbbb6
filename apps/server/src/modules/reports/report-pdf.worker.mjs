// Lays out a large report's or a yearbook's PDF off the main thread: pdfmake's layout is synchronous. The
// server runs TypeScript through tsx; a worker starts without the parent's loader, so it registers tsx
// itself before it loads the layout.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderReportPdfHere } = await import('./report-export.ts');
const { renderYearbookPdfHere } = await import('./yearbook-export.ts');

parentPort?.on('message', async ({ kind, input }) => {
  try {
    const pdf = kind === 'yearbook' ? await renderYearbookPdfHere(input) : await renderReportPdfHere(input);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort?.postMessage({ pdf: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
