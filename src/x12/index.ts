// The ASC X12 005010 codec: tokenizer, serializer and envelopes for every transaction, then the
// 270 builder and 271 reader (005010X279A1). Pure: no I/O; control numbers come through a port.
export * from './errors.ts';
export * from './tokenizer.ts';
export * from './segment.ts';
export * from './serializer.ts';
export * from './loops.ts';
export * from './control-numbers.ts';
export * from './envelope.ts';
export * from './envelope-builder.ts';
export * from './service-types.ts';
export * from './aaa-codes.ts';
export * from './eligibility-codes.ts';
export * from './eligibility-270.ts';
export * from './eligibility-271-types.ts';
export { parse271, parse271All, type Parse271Options } from './eligibility-271.ts';
export * from './eligibility-271-builder.ts';
