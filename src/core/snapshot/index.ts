export * from './schema';
export * from './assemble';
export * from './io';
export * from './summary';
export * from './markdown';
export * from './sweepMarkdown';
export * from './modelCard';
