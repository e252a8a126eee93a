// Experiment statistics (A/B tests of promotions): pure functions, no I/O. See README.md.
export * from './distributions';
export * from './summary';
export * from './hypothesis';
export * from './cuped';
export * from './sequential';
export * from './roi';
export * from './assignment';
