export * from './common.js';
export * from './auth.js';
export * from './catalog.js';
export * from './payments.js';
export * from './refunds.js';
export * from './orders.js';
export * from './sandbox.js';
export * from './admin.js';
