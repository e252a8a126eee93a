// Leaf re-exports for contract files, so they never import the api barrel (no import cycles).
export * from './common';
export * from './contract';
