// Lays out A0 PDFs off the main thread: a whole area's book is hundreds of pages, and pdfmake's layout is
// synchronous. The server runs TypeScript through tsx; a worker starts without the parent's loader, so it
// registers tsx itself before it loads the layout.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderA0PdfHere } = await import('./a0-pdf.ts');

parentPort?.on('message', async ({ pages, printedOn }) => {
  try {
    const pdf = await renderA0PdfHere(pages, { printedOn: new Date(printedOn) });
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort?.postMessage({ pdf: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
