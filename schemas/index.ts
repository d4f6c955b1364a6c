export * from './api/apps.ts';
export * from './api/auth.ts';
export * from './api/errors.ts';
export * from './api/features.ts';
export * from './api/profile.ts';
export * from './api/settings.ts';
export * from './api/studio-config.ts';
