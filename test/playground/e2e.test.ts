import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { createRegistry } from '../../src/registry/index.js';

/**
 * The web playground end to end: the page is built with Vite (programmatically, into a temporary folder), served
 * from 127.0.0.1 by a small static server, and driven in headless Chromium through playwright-core. Every check
 * is made on what a person sees: editor text, squiggles, the suggest widget, the hover, the problems list, the
 * SVG graph, the address bar.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(REPO, 'test', 'artifacts', 'playground.png');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const registry = createRegistry();
const fixture = (name: string): string => readFileSync(path.join(REPO, 'test', 'fixtures', 'recipes', name), 'utf8');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** A static file server for the built page, on a free port of 127.0.0.1. */
async function serveDirectory(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        response.end(body);
      },
      () => response.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

// What the page exposes for scripting (see playground/src/main.ts); only the members the tests use.
interface PlaygroundHandle {
  editor: {
    getModel(): {
      getValue(): string;
      getVersionId(): number;
      getPositionAt(offset: number): { lineNumber: number; column: number };
    };
    setSelection(range: {
      startLineNumber: number;
      startColumn: number;
      endLineNumber: number;
      endColumn: number;
    }): void;
    setPosition(position: { lineNumber: number; column: number }): void;
    getPosition(): { lineNumber: number; column: number } | null;
    revealPositionInCenter(position: { lineNumber: number; column: number }): void;
    getScrolledVisiblePosition(position: {
      lineNumber: number;
      column: number;
    }): { top: number; left: number; height: number } | null;
    getDomNode(): HTMLElement | null;
    focus(): void;
  };
  monaco: {
    editor: { getModelMarkers(filter: { owner?: string }): { message: string; code?: unknown; severity: number }[] };
  };
  shownVersion(): number;
}
type PlaygroundWindow = Window & { mechaPlayground?: PlaygroundHandle };

let outDir = '';
let server: Server | undefined;
let origin = '';
let browser: Browser | undefined;
let context: BrowserContext | undefined;
const pageErrors: string[] = [];
const foreignRequests: string[] = [];
const failedRequests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The playground's browser tests need it: install Debian's chromium ` +
        `package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium executable.`,
    );
  }
  outDir = mkdtempSync(path.join(tmpdir(), 'mecha-playground-'));
  await build({
    configFile: path.join(REPO, 'playground', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  ({ server, origin } = await serveDirectory(outDir));
  // playwright-core gives every launch a new, empty profile directory.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(15_000);
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
}, 30_000);

/** A new page on the playground (with `hash`, if given), once the editor shows analysed text. */
async function openPlayground(hash = ''): Promise<Page> {
  if (context === undefined) throw new Error('the browser did not start');
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))
      foreignRequests.push(url);
  });
  page.on('requestfailed', (request) =>
    failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
  });
  await page.goto(`${origin}/${hash}`);
  await page.locator('.monaco-editor .view-lines').waitFor();
  await waitForAnalysis(page);
  return page;
}

/** Waits until the diagnostics, count and graph on screen belong to the editor's current text. */
async function waitForAnalysis(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const playground = (window as PlaygroundWindow).mechaPlayground;
    return playground !== undefined && playground.shownVersion() === playground.editor.getModel().getVersionId();
  });
}

async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => (window as PlaygroundWindow).mechaPlayground!.editor.getModel().getValue());
}

/** Replaces the editor's text the way a paste would: select all, then insert (no auto-closing brackets). */
async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  expect(await editorText(page)).toBe(text);
  await waitForAnalysis(page);
}

/** Selects the `occurrence`-th match of `needle` in the editor (0-based), scrolled into view. */
async function selectText(page: Page, needle: string, occurrence = 0): Promise<void> {
  await page.evaluate(
    ([needle, occurrence]) => {
      const { editor } = (window as PlaygroundWindow).mechaPlayground!;
      const model = editor.getModel();
      const text = model.getValue();
      let at = -1;
      for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`'${needle}' is not in the editor`);
      const start = model.getPositionAt(at);
      const end = model.getPositionAt(at + needle.length);
      editor.setSelection({
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      });
      editor.revealPositionInCenter(start);
      editor.focus();
    },
    [needle, occurrence] as const,
  );
}

/** Page coordinates of the middle of the first character of `needle` in the editor. */
async function pointAt(page: Page, needle: string): Promise<{ x: number; y: number }> {
  return page.evaluate((needle) => {
    const { editor } = (window as PlaygroundWindow).mechaPlayground!;
    const model = editor.getModel();
    const at = model.getValue().indexOf(needle);
    if (at < 0) throw new Error(`'${needle}' is not in the editor`);
    const position = model.getPositionAt(at + 1);
    editor.revealPositionInCenter(position);
    const visible = editor.getScrolledVisiblePosition(position);
    const box = editor.getDomNode()!.getBoundingClientRect();
    if (visible === null) throw new Error(`'${needle}' is not visible`);
    return { x: box.left + visible.left + 2, y: box.top + visible.top + visible.height / 2 };
  }, needle);
}

/** The labels of the suggest widget, all of them: the list is virtual, so page through it. */
async function suggestionLabels(page: Page): Promise<string[]> {
  const widget = page.locator('.editor-widget.suggest-widget.visible');
  await widget.locator('.monaco-list-row').first().waitFor();
  const focused = widget.locator('.monaco-list-row.focused .label-name');
  const seen = new Set<string>();
  for (let round = 0; round < 20; round++) {
    for (const label of await widget.locator('.monaco-list-row .label-name').allInnerTexts()) seen.add(label.trim());
    const before = await focused.innerText();
    await page.keyboard.press('PageDown');
    // At the end of the list the focus stays where it is.
    const moved = await page
      .waitForFunction(
        (before) =>
          document
            .querySelector('.suggest-widget.visible .monaco-list-row.focused .label-name')
            ?.textContent?.trim() !== before,
        before.trim(),
        // Generous: under a loaded machine (the whole suite in parallel) the widget can take a while to move.
        { timeout: 5_000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (!moved) break;
  }
  return [...seen];
}

/** The `model` statements of a v1 recipe: one graph node each. */
function modelStatements(text: string): number {
  return text.match(/^model\s/gm)?.length ?? 0;
}

async function nodeCount(page: Page, kind: string): Promise<number> {
  return page.locator(`#graph svg g.graph-node[data-kind="${kind}"]`).count();
}

describe('the web playground', () => {
  it('loads with the first sample, checked and coloured', async () => {
    const page = await openPlayground();
    expect(await page.title()).toContain('mecha');
    expect(await page.locator('#sample-picker').inputValue()).toBe('weighted-sum');
    expect(await editorText(page)).toBe(fixture('01-weighted-sum.mecha'));
    // The sample checks clean, and its words are coloured by the service's semantic tokens.
    await expect.poll(() => page.locator('#diagnostics-count').textContent()).toContain('No problems');
    expect(await page.locator('#diagnostics-count').getAttribute('data-errors')).toBe('0');
    await expect
      .poll(() =>
        page
          .locator('.monaco-editor .view-line span[class*="mtk"]')
          .evaluateAll((spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size),
      )
      .toBeGreaterThan(2);
    await page.close();
  });

  it('underlines a misspelt method, says what was meant, and offers the quick fix', async () => {
    const page = await openPlayground();
    await selectText(page, 'weighted_sum');
    await page.keyboard.type('weigted_sum');
    expect(await editorText(page)).toContain('weigted_sum(ghost, dream');
    await waitForAnalysis(page);

    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    expect(Number(await page.locator('#diagnostics-count').getAttribute('data-errors'))).toBeGreaterThanOrEqual(1);
    const problem = page.locator('#problems .problem-error', { hasText: 'weigted_sum' });
    await expect.poll(() => problem.count()).toBe(1);
    expect((await problem.innerText()).toLowerCase()).toContain("did you mean 'weighted_sum'");
    expect(await problem.getAttribute('data-code')).toMatch(/^MECHA\d{4}$/);
    const markers = await page.evaluate(() =>
      (window as PlaygroundWindow)
        .mechaPlayground!.monaco.editor.getModelMarkers({ owner: 'mecha' })
        .map((m) => m.message),
    );
    expect(markers.some((m) => m.includes('weigted_sum') && m.toLowerCase().includes('did you mean'))).toBe(true);

    // The marker's hover shows the message, too.
    const at = await pointAt(page, 'weigted_sum');
    await page.mouse.move(at.x, at.y);
    await expect
      .poll(async () => (await page.locator('.monaco-hover:not(.hidden)').allInnerTexts()).join('\n'), {
        timeout: 10_000,
      })
      .toMatch(/did you mean 'weighted_sum'/i);
    await page.mouse.move(5, 5);

    // Quick fix (Ctrl+.) on the typo puts the right name back.
    await selectText(page, 'weigted_sum');
    await page.keyboard.press('Control+Period');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'weighted_sum' }).first();
    await fix.waitFor();
    await fix.click();
    await expect.poll(() => editorText(page)).toBe(fixture('01-weighted-sum.mecha'));
    await waitForAnalysis(page);
    expect(await page.locator('#diagnostics-count').getAttribute('data-errors')).toBe('0');
    await page.close();
  });

  it('completes the blocks of sd1.unet after `blocks(sd1.unet, `', async () => {
    const page = await openPlayground();
    const text = await editorText(page);
    // End the recipe with an unfinished call (the closing parenthesis as the editor auto-inserts it), put the
    // cursor after the comma and type the space that triggers completion.
    await setEditorText(page, `${text}let mix = blocks(sd1.unet,)`);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(' ');
    expect(await editorText(page)).toBe(`${text}let mix = blocks(sd1.unet, )`);
    const labels = await suggestionLabels(page);
    const blocks = registry.architecture('sd1')!.blocksOf('unet');
    expect(blocks).toContain('in0');
    expect(blocks).toContain('out11');
    for (const block of blocks) expect(labels).toContain(block);
    expect(labels).not.toContain('weighted_sum');

    // Typing narrows the list.
    await page.keyboard.press('Escape');
    await page.keyboard.type('out1');
    await page.keyboard.press('Control+Space');
    const narrowed = await suggestionLabels(page);
    expect(narrowed).toEqual(expect.arrayContaining(['out1', 'out10', 'out11']));
    expect(narrowed).not.toContain('in0');
    await page.close();
  });

  it("shows a method's documentation on hover and goes to a name's definition", async () => {
    const page = await openPlayground();
    const doc = registry.method('weighted_sum')!.doc;
    expect(doc.length).toBeGreaterThan(20);
    const at = await pointAt(page, 'weighted_sum');
    await page.mouse.move(at.x, at.y);
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents');
    await expect
      .poll(async () => (await hover.allInnerTexts()).join('\n'), { timeout: 10_000 })
      .toContain('weighted_sum');
    const shown = (await hover.allInnerTexts()).join('\n').replace(/\s+/g, ' ');
    expect(shown).toContain(doc.slice(0, 40).replace(/\s+/g, ' '));
    await page.mouse.move(5, 5);

    // F12 on the use of `dream` in the call jumps to its `model` line.
    const text = await editorText(page);
    const declaration = text.slice(0, text.indexOf('model dream')).split('\n').length;
    await selectText(page, 'dream,');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('F12');
    await expect
      .poll(() => page.evaluate(() => (window as PlaygroundWindow).mechaPlayground!.editor.getPosition()?.lineNumber))
      .toBe(declaration);
    await page.close();
  });

  it('formats badly spaced text into canonical form with the Format button', async () => {
    const page = await openPlayground();
    const messy = [
      'version 1',
      '# spacing all over the place',
      'model   ghost="ghostmix_v20Bakedvae"  :sd1',
      'model dream =    "dreamshaper_332BakedVaeClipFix":sd1',
      'let out=weighted_sum( ghost,dream ,alpha = 0.3 )   ',
    ].join('\n');
    const canonical = formatText(messy).text;
    expect(canonical).not.toBe(messy);
    expect(canonical).toContain('let out = weighted_sum(ghost, dream, alpha=0.3)');
    await setEditorText(page, messy);
    await page.locator('#format-button').click();
    await expect.poll(() => editorText(page)).toBe(canonical);
    await waitForAnalysis(page);
    // Formatting again changes nothing.
    await page.locator('#format-button').click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('Already formatted');
    expect(await editorText(page)).toBe(canonical);
    await page.close();
  });

  it('draws one graph node per model and per merge, and keeps a screenshot', async () => {
    const page = await openPlayground();
    // Weighted sum: two models, one merge.
    expect(modelStatements(await editorText(page))).toBe(2);
    expect(await nodeCount(page, 'model')).toBe(2);
    expect(await nodeCount(page, 'merge')).toBe(1);
    expect(await page.locator('#graph svg g.graph-node[data-kind="merge"]').first().textContent()).toContain(
      'weighted_sum',
    );

    // TIES: four models; three subtracts, ties_sum and add_difference.
    await page.locator('#sample-picker').selectOption('ties');
    await expect.poll(() => editorText(page)).toBe(fixture('04-ties.mecha'));
    await waitForAnalysis(page);
    expect(modelStatements(fixture('04-ties.mecha'))).toBe(4);
    expect(await nodeCount(page, 'model')).toBe(4);
    expect(await nodeCount(page, 'merge')).toBe(5);
    // A merge is labelled with its method (and the name it is bound to, if any).
    const methods = (
      await page.locator('#graph svg g.graph-node[data-kind="merge"] .graph-node-title').allTextContents()
    )
      .map((label) => label.replace(/^\w+ = /, ''))
      .sort();
    expect(methods).toEqual(['add_difference', 'subtract', 'subtract', 'subtract', 'ties_sum']);
    // Each node says its architecture and merge space where the checker inferred them.
    const types = await page.locator('#graph svg g.graph-node[data-kind="merge"] .graph-node-type').allTextContents();
    expect(types.filter((t) => t.includes('sdxl delta')).length).toBe(4);
    expect(types.filter((t) => t.includes('sdxl weight')).length).toBe(1);
    expect(await page.locator('#graph svg .graph-edge').count()).toBeGreaterThanOrEqual(9);

    // Edits redraw it: a third model into the weighted sum.
    await page.locator('#sample-picker').selectOption('weighted-sum');
    await waitForAnalysis(page);
    await setEditorText(
      page,
      `${fixture('01-weighted-sum.mecha')}model extra = "extra_model" : sd1\nlet final = weighted_sum(out, extra, alpha=0.5)\n`,
    );
    await expect.poll(() => nodeCount(page, 'model')).toBe(3);
    expect(await nodeCount(page, 'merge')).toBe(2);

    await page.locator('#sample-picker').selectOption('ties');
    await waitForAnalysis(page);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.close();
  });

  it('restores a recipe from a shared link', async () => {
    const page = await openPlayground();
    const recipe = `${fixture('03-add-difference.mecha')}# shared: ünïcode survives, and so do "quotes" & #hashes\n`;
    await setEditorText(page, recipe);
    await page.locator('#share-button').click();
    await expect.poll(() => page.url()).toContain('#recipe=');
    const link = page.url();
    // The text travels deflated: shorter than the plain UTF-8 bytes in base64 would be.
    const encoded = link.slice(link.indexOf('#recipe=') + '#recipe='.length);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded.length).toBeLessThan(Math.ceil((Buffer.byteLength(recipe) * 4) / 3));
    await page.close();

    const opened = await openPlayground(link.slice(link.indexOf('#')));
    expect(await editorText(opened)).toBe(recipe);
    expect(await opened.locator('#sample-picker').inputValue()).toBe('');
    expect(await nodeCount(opened, 'model')).toBe(modelStatements(recipe));
    expect(modelStatements(recipe)).toBe(3);
    await opened.close();
  });

  it('made no request outside the page and raised no script error', () => {
    expect(foreignRequests).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
