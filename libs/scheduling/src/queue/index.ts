export * from './ticket-number.js';
export * from './ticket-announcement.js';
export * from './queue-types.js';
export { queuePolicyProblems } from './queue-policy.js';
export { nextTicket, queueOrder } from './next-ticket.js';
export * from './wait-estimate.js';
