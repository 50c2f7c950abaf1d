export * from './camera-commands.js';
export * from './gridfs-snapshot-store.js';
export * from './snapshot-records.js';
export * from './snapshot-recorder.js';
export * from './snapshot-store.js';
