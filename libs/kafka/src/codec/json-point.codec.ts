// The JSON point codec is pure; it lives in @vigil/core so standalone's point log can use it too.
export { JsonPointCodec } from '@vigil/core';
