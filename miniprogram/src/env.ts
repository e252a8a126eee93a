// `process.env.API_BASE` is replaced with a string literal at build time (config/index.ts);
// under jest it is simply unset, so requests stay relative.
export const apiBase: string = process.env.API_BASE ?? '';
