export * from './api';
export * from './errors';
export * from './domain/tiers';
export * from './domain/analytics';
export * from './domain/points';
