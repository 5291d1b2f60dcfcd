/** Injection tokens for values that are not classes (Nest needs a token to find them). */
export const INGEST_CONFIG = 'INGEST_CONFIG';
export const LOGGER = 'LOGGER';
