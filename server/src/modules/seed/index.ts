export { DEMO_STORES, WEIGHTED_PRODUCTS, demoPhone } from './catalog';
export { Rng } from './random';
export { CATEGORY_NAMES } from './catalog';
