// The codec interface moved to @vigil/core with the JSON codec, which standalone uses without Kafka.
export { type PointCodec, PointDecodeError } from '@vigil/core';
