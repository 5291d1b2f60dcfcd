/** Injection tokens for values that are not classes (Nest needs a token to find them). */
export const EVALUATOR_CONFIG = 'EVALUATOR_CONFIG';
export const LOGGER = 'LOGGER';
