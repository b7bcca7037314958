export * from './sqliteStore';
export * from './defaultDbPath';
export { MIGRATIONS } from './migrations';
