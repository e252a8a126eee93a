export * from './evaluate';
export * from './ladder';
