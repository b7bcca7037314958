export * from './barState';
export * from './barBuilder';
