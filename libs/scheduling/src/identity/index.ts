export * from './rut.js';
export * from './identity-document.js';
export * from './random-bytes.js';
export * from './booking-code.js';
export * from './tracking-code.js';
