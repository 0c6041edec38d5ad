export * from './areas.js';
export * from './activities.js';
export * from './organisations.js';
export * from './reference.js';
export * from './figures.js';
export * from './benchmarks.js';
export * from './releases.js';
export * from './feeds.js';
