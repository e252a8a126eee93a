export * from './period';
export * from './state';
export * from './coupon';
