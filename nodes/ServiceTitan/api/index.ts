/**
 * Facts about ServiceTitan's API that every layer shares: its areas and their URL prefixes, the HTTP
 * methods, the environments and their URLs. A leaf: it imports nothing of ours (lint enforces it).
 */
export * from './environments';
export * from './hash';
export * from './http';
export * from './modules';
export * from './externalData';
