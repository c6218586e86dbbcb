export * from './time-zone.js';
export * from './weekly-hours.js';
export * from './service-settings.js';
