export * from './errors.js';
export * from './time-zone.js';
export * from './weekly-hours.js';
export * from './service-settings.js';
export * from './calendar/index.js';
export * from './identity/index.js';
export * from './queue/index.js';
export * from './requests/index.js';
