/**
 * Demographic methods (PHG 2001; UN Manual X 1983; UN Model Life Tables 1982; Andreev & Kingkade 2015):
 * life tables, fertility and reproduction, structure, age heaping and cohort-component projection, plus the
 * JSON interface the CLI and the API share.
 */
export * from './age-heaping.ts';
export * from './ax-rules.ts';
export * from './fertility.ts';
export * from './json.ts';
export * from './life-table.ts';
export * from './projection.ts';
export * from './schemas.ts';
export * from './structure.ts';
