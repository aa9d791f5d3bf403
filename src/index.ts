export * from './protocol';
export * from './mesh';
export * from './mesh-service';
export * from './service-version';
export * from './mesh-app';
