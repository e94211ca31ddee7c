export * from './env';
export * from './instance';
export * from './package-install';
export * from './process';
export * from './workflows';
export * from './queue';
export * from './postgres';
export * from './editor';
