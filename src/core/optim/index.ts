export * from './types';
export * from './registry';
export * from './reference';
export * from './schedules';
export * from './paramGroups';
export * from './advice';
export * from './trace';
export * from './state';
