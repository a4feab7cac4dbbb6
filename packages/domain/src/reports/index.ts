/** Report forms as data, their evaluation, the frozen document, and the reports' workflow (issue 6). */
export * from './document.ts';
export * from './evaluate.ts';
export * from './forms.ts';
export * from './workflow.ts';
export * from './yearbook.ts';
