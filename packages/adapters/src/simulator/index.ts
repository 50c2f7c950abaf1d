export * from './charger.js';
export * from './faults.js';
export * from './power-curve.js';
export * from './run.js';
export * from './settings.js';
export * from './camera.js';
export * from './camera-run.js';
