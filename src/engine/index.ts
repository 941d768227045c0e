export * from './errors.js';
export * from './workload.js';
export * from './conditions.js';
export * from './matrix.js';
export * from './evaluation.js';
export { evaluate, TIE_BREAK_ORDER } from './evaluate.js';
export * from './matrix-diff.js';
export * from './examples.js';
export * from './evaluation-compare.js';
