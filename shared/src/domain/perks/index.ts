export * from './period';
export * from './state';
