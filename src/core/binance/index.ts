export * from './parseResult';
export * from './parseStream';
export * from './parseRest';
export * from './parseCsv';
export * from './parseLog';
export { decimalField, integerField, booleanField } from './fields';
