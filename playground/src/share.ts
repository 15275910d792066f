/**
 * Shareable links: the recipe's text, deflated (CompressionStream, raw deflate) and base64url-encoded, in the
 * URL's hash as `#recipe=...`. The hash never reaches a server.
 */

const KEY = 'recipe';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function encodeRecipe(text: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

export async function decodeRecipe(encoded: string): Promise<string> {
  const bytes = await pipe(fromBase64Url(encoded), new DecompressionStream('deflate-raw'));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The hash (`#recipe=...`) for a recipe. */
export async function recipeHash(text: string): Promise<string> {
  return `#${KEY}=${await encodeRecipe(text)}`;
}

/**
 * The recipe a hash holds: undefined when the hash holds none, an Error when it holds one that cannot be read
 * (a truncated link).
 */
export async function recipeFromHash(hash: string): Promise<string | Error | undefined> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const encoded = params.get(KEY);
  if (encoded === null || encoded === '') return undefined;
  try {
    return await decodeRecipe(encoded);
  } catch (error) {
    return new Error(`the shared link is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
}
