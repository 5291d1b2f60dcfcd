/** Injection tokens for values that are not classes (Nest needs a token to find them). */
export const NOTIFIER_CONFIG = 'NOTIFIER_CONFIG';
export const LOGGER = 'LOGGER';
