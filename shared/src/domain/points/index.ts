export * from './earn';
export * from './expiry';
export * from './lots';
export * from './reasons';
