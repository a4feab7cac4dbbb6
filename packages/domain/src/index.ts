export * from './access.ts';
export * from './admin-units.ts';
export * from './demography/index.ts';
export * from './errors.ts';
export * from './indicators/index.ts';
export * from './register/index.ts';
export * from './roles.ts';
export * from './text.ts';
