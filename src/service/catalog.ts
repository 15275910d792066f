import { formatSignature } from '../registry/methods/signature.js';
import type { Registry } from '../registry/registry.js';
import { methodMarkdown } from './describe.js';

/** A merge method as completion shows it. */
export interface MethodEntry {
  readonly name: string;
  /** `weighted_sum(a: A s, b: A s, alpha: hyper = 0.5) -> A s` */
  readonly signature: string;
  readonly markdown: string;
}

/**
 * What the service renders from the registry alone (every method's signature and documentation), rendered once
 * per service on first use instead of on every completion request.
 */
export class Catalog {
  private methodEntries: readonly MethodEntry[] | undefined;

  constructor(private readonly registry: Registry) {}

  get methods(): readonly MethodEntry[] {
    this.methodEntries ??= this.registry
      .methods()
      .map((sig) => ({ name: sig.name, signature: formatSignature(sig), markdown: methodMarkdown(sig) }));
    return this.methodEntries;
  }
}
