import type { LanguageService } from '../../src/service/api.js';

/**
 * The messages between the page and the language-service worker. A request names one LanguageService method
 * and carries its arguments; the worker answers with the method's return value (plain data, structured-cloned)
 * or an error message. The worker handles messages in order, so a request sent after `setDocument` sees the
 * new text.
 */
export const SERVICE_METHODS = [
  'setDocument',
  'removeDocument',
  'diagnostics',
  'completions',
  'hover',
  'definition',
  'references',
  'prepareRename',
  'rename',
  'documentSymbols',
  'format',
  'semanticTokens',
  'codeActions',
  'recipeView',
] as const satisfies readonly (keyof LanguageService)[];

export type ServiceMethod = (typeof SERVICE_METHODS)[number];

export type ServiceParams<M extends ServiceMethod> = Parameters<LanguageService[M]>;
export type ServiceResult<M extends ServiceMethod> = ReturnType<LanguageService[M]>;

export interface ServiceRequest<M extends ServiceMethod = ServiceMethod> {
  readonly id: number;
  readonly method: M;
  readonly params: ServiceParams<M>;
}

export type ServiceResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export function isServiceMethod(name: unknown): name is ServiceMethod {
  return typeof name === 'string' && (SERVICE_METHODS as readonly string[]).includes(name);
}
