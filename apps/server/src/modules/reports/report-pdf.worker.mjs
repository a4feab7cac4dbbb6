// Lays out a large report's PDF off the main thread (a roll-up of hundreds of communes): pdfmake's layout is
// synchronous. The server runs TypeScript through tsx; a worker starts without the parent's loader, so it
// registers tsx itself before it loads the layout.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderReportPdfHere } = await import('./report-export.ts');

parentPort?.on('message', async (input) => {
  try {
    const pdf = await renderReportPdfHere(input);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort?.postMessage({ pdf: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
