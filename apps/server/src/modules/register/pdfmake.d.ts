/**
 * The part of pdfmake's server API this module uses. Declared here rather than taken from @types/pdfmake,
 * whose declarations pull the browser's DOM types into every program that imports the server.
 */
declare module 'pdfmake' {
  interface CreatedPdf {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    setFonts(fonts: Record<string, Record<string, string>>): void;
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
    setLocalAccessPolicy(allow: (file: string) => boolean): void;
    createPdf(document: object): CreatedPdf;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
