import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileHost, modelsDirsOf, resolveModelPath, type ModelSearch } from '../src/merge/models-dirs.js';
import type { ModelEntry, ServiceHost } from '../src/service/api.js';
import type { ModelHeader, ModelHeaderError } from '../src/typecheck/host.js';
import { listModels } from './list-models.js';
import type { ServerEnvironment } from './server.js';
import type { Settings } from './settings.js';

/** The Node server's environment, and the service host it feeds: models read from disk, as `mechac check` does. */
export interface EditorFileHost extends Required<ServerEnvironment> {
  readonly host: ServiceHost;
  /** The models directories in effect: the settings' (relative ones against the first workspace folder), then the environment's. */
  modelsDirs(): readonly string[];
}

/** How long a listing of the models directories is reused: completion asks on every keystroke. */
const LISTING_TTL_MS = 3000;

/**
 * Model headers are looked up the way `mechac check` does (createFileHost), relative to the folder of the document
 * being served (`enter` sets it before every service call), and kept while the file's size and time are unchanged.
 * `MECHA_MODELS_DIR` is read from `env` at every settings change.
 */
export function createEditorFileHost(env: NodeJS.ProcessEnv = process.env): EditorFileHost {
  let dirs: readonly string[] = modelsDirsOf([], env['MECHA_MODELS_DIR']);
  let recipeDir: string | undefined;
  const headers = new Map<string, { readonly stamp: string; readonly header: ModelHeader | ModelHeaderError }>();
  let listing: { readonly at: number; readonly models: readonly ModelEntry[] } | undefined;

  function search(): ModelSearch {
    return { modelsDirs: dirs, recipeDir };
  }

  const host: ServiceHost = {
    readModelHeader(path) {
      const found = resolveModelPath(path, search());
      // Not found: createFileHost words the message (where it looked, or that no directory is set).
      if (!('file' in found)) return createFileHost(search()).readModelHeader(path);
      const file = resolve(found.file);
      const stamp = stampOf(file);
      const cached = headers.get(file);
      if (cached !== undefined && stamp !== undefined && cached.stamp === stamp) return cached.header;
      const header = createFileHost({ modelsDirs: [] }).readModelHeader(file);
      if (stamp !== undefined) headers.set(file, { stamp, header });
      return header;
    },
    listModels() {
      const now = Date.now();
      if (listing === undefined || now - listing.at > LISTING_TTL_MS) listing = { at: now, models: listModels(dirs) };
      return listing.models;
    },
  };

  return {
    host,
    modelsDirs: () => dirs,
    configure(settings: Settings, folders: readonly string[]) {
      const root = folders.map(pathOfUri).find((p) => p !== undefined);
      const fromSettings = settings.modelsDirs.map((d) => (isAbsolute(d) || root === undefined ? d : resolve(root, d)));
      dirs = modelsDirsOf(fromSettings, env['MECHA_MODELS_DIR']);
      listing = undefined;
    },
    enter(uri: string) {
      const path = pathOfUri(uri);
      recipeDir = path === undefined ? undefined : dirname(path);
    },
  };
}

/** The file system path of a `file:` URI; other schemes (an unsaved buffer) have none. */
function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function stampOf(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}
