export * from './reasons';
export * from './rules';
export * from './split';
