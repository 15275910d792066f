import { createRegistry } from '../../src/registry/index.js';
import type { LanguageService } from '../../src/service/api.js';
import { createLanguageService } from '../../src/service/service.js';
import { isServiceMethod, type ServiceRequest, type ServiceResponse } from './protocol.js';

/**
 * The language service in a web worker: the same `createLanguageService` the CLI and the language server use,
 * answering one postMessage request per LanguageService call. Nothing here knows the language; it only relays.
 */

let service: LanguageService | undefined;
let startupError: string | undefined;
try {
  service = createLanguageService({ registry: createRegistry() });
} catch (error) {
  startupError = `the language service failed to start: ${describe(error)}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack}` : ''}` : String(error);
}

function answer(request: ServiceRequest): ServiceResponse {
  if (service === undefined) return { id: request.id, ok: false, error: startupError ?? 'no language service' };
  if (!isServiceMethod(request.method)) {
    return { id: request.id, ok: false, error: `unknown service method '${String(request.method)}'` };
  }
  try {
    const method = service[request.method] as (...args: unknown[]) => unknown;
    return { id: request.id, ok: true, result: method.apply(service, request.params as unknown[]) };
  } catch (error) {
    return { id: request.id, ok: false, error: describe(error) };
  }
}

// The page's tsconfig has the DOM library, where `self` is a Window; its one-argument postMessage is the same call.
self.addEventListener('message', (event: MessageEvent<ServiceRequest>) => {
  self.postMessage(answer(event.data));
});
