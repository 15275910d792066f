/**
 * sd-mecha 0.0.x spelled per-block hyperparameters as flat dict keys: `sd1_unet_block_in2`, `sd1_txt_default`
 * (and, in some versions, `sd1_txt_class_mlp_fc1`). Architecture and component identifiers never contain `_`,
 * so the key splits unambiguously at its first two underscores.
 */
export type DictKey =
  | { readonly kind: 'default'; readonly arch: string; readonly component: string }
  | { readonly kind: 'block' | 'class'; readonly arch: string; readonly component: string; readonly name: string };

const KEY_RE = /^([A-Za-z0-9]+)_([A-Za-z0-9]+)_(?:block_(.+)|class_(.+)|(default))$/;

/** The structured meaning of a legacy dict key, or undefined for any other key (`key`, a raw tensor name). */
export function parseDictKey(key: string): DictKey | undefined {
  const match = KEY_RE.exec(key);
  if (!match) return undefined;
  const [, arch, component, block, cls] = match as unknown as [string, string, string, string?, string?];
  if (block !== undefined) return { kind: 'block', arch, component, name: block };
  if (cls !== undefined) return { kind: 'class', arch, component, name: cls };
  return { kind: 'default', arch, component };
}
