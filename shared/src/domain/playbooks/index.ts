export * from './definition';
export * from './timing';
export * from './templates';
