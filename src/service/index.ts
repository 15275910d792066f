/** The language service's public surface: the factory and the plain data it answers with. */
export type * from './api.js';
export { createLanguageService, type LanguageServiceOptions } from './service.js';
