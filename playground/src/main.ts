import './style.css';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { RecipeView } from '../../src/service/api.js';
import type { Span } from '../../src/text/span.js';
import { spanToRange, visibleRange } from './convert.js';
import { renderRecipeGraph } from './graph.js';
import {
  diagnosticCode,
  diagnosticToMarker,
  DocumentSync,
  formattingEdits,
  LANGUAGE_ID,
  registerMecha,
} from './language.js';
import { monaco } from './monaco.js';
import { SAMPLES } from './samples.js';
import { ServiceClient } from './service-client.js';
import LanguageServiceWorker from './service.worker.ts?worker';
import { recipeFromHash, recipeHash } from './share.js';

/** The page: the editor, the sample picker, the Format and Share buttons, the problems list and the plan graph. */

declare global {
  interface Window {
    /** The editor, for people poking at the page from the devtools console (and for the browser tests). */
    mechaPlayground?: {
      readonly monaco: typeof monaco;
      readonly editor: monaco.editor.IStandaloneCodeEditor;
      /** The model version whose diagnostics and graph are on screen. */
      readonly shownVersion: () => number;
    };
  }
}

const DEBOUNCE_MS = 200;
const MARKER_OWNER = 'mecha';

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
}

const picker = byId<HTMLSelectElement>('sample-picker');
const formatButton = byId<HTMLButtonElement>('format-button');
const shareButton = byId<HTMLButtonElement>('share-button');
const statusLine = byId<HTMLSpanElement>('status');
const countBadge = byId<HTMLSpanElement>('diagnostics-count');
const problemsList = byId<HTMLUListElement>('problems');
const graphContainer = byId<HTMLDivElement>('graph');
const graphSummary = byId<HTMLSpanElement>('graph-summary');

const client = new ServiceClient(new LanguageServiceWorker({ name: 'mecha-language-service' }));
const sync = new DocumentSync(client);
registerMecha(client, sync);

const model = monaco.editor.createModel('', LANGUAGE_ID, monaco.Uri.parse('inmemory://playground/recipe.mecha'));
model.updateOptions({ tabSize: 2, insertSpaces: true });
sync.watch(model);

const editor = monaco.editor.create(byId('editor'), {
  model,
  theme: 'mecha-light',
  automaticLayout: true,
  fontSize: 14,
  lineHeight: 21,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
  renderLineHighlight: 'line',
  'semanticHighlighting.enabled': true,
  hover: { delay: 250 },
  lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
  suggest: { showStatusBar: true, preview: true },
  quickSuggestions: { other: true, comments: false, strings: true },
  padding: { top: 8 },
  // The formatter aligns continuation lines under their call; a guide per two spaces of that is only noise.
  guides: { indentation: false },
});

let latestDiagnostics: readonly Diagnostic[] = [];
let shownVersion = 0;
window.mechaPlayground = { monaco, editor, shownVersion: () => shownVersion };

// Status line ------------------------------------------------------------------------------------------------

let statusTimer: ReturnType<typeof setTimeout> | undefined;

function showStatus(text: string, kind: 'info' | 'error' = 'info', sticky = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('is-error', kind === 'error');
  if (statusTimer !== undefined) clearTimeout(statusTimer);
  statusTimer = sticky ? undefined : setTimeout(() => (statusLine.textContent = ''), 4000);
}

// Text -----------------------------------------------------------------------------------------------------

/** Replaces the whole text as one undoable edit. */
function replaceText(text: string): void {
  editor.pushUndoStop();
  editor.executeEdits('playground', [{ range: model.getFullModelRange(), text, forceMoveMarkers: true }]);
  editor.pushUndoStop();
  editor.setPosition({ lineNumber: 1, column: 1 });
  editor.revealLine(1);
}

function selectSpan(span: Span): void {
  const range = spanToRange(model, span);
  editor.setSelection(range);
  editor.revealRangeInCenterIfOutsideViewport(range);
  editor.focus();
}

function syncPicker(): void {
  const text = model.getValue();
  const sample = SAMPLES.find((s) => s.text === text);
  picker.value = sample?.id ?? '';
}

for (const option of [{ id: '', title: 'Your recipe' }, ...SAMPLES]) {
  const element = document.createElement('option');
  element.value = option.id;
  element.textContent = option.title;
  if (option.id === '') element.disabled = true;
  picker.appendChild(element);
}

picker.addEventListener('change', () => {
  const sample = SAMPLES.find((s) => s.id === picker.value);
  if (sample === undefined) return;
  // A sample is not a shared link: drop the hash so reloading shows what is on screen.
  if (location.hash !== '') history.replaceState(null, '', location.pathname + location.search);
  replaceText(sample.text);
  editor.focus();
});

// Diagnostics and graph ----------------------------------------------------------------------------------

function renderCount(diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  const infos = diagnostics.length - errors - warnings;
  if (infos > 0) parts.push(`${infos} note${infos === 1 ? '' : 's'}`);
  countBadge.textContent = parts.length === 0 ? '✓ No problems' : parts.join(' · ');
  countBadge.dataset.errors = String(errors);
  countBadge.dataset.warnings = String(warnings);
  countBadge.classList.toggle('has-errors', errors > 0);
  countBadge.classList.toggle('has-warnings', errors === 0 && warnings > 0);
}

const SEVERITY_ICON: Record<Diagnostic['severity'], string> = { error: '✖', warning: '▲', info: 'ℹ' };

function renderProblems(diagnostics: readonly Diagnostic[]): void {
  problemsList.replaceChildren();
  if (diagnostics.length === 0) {
    const none = document.createElement('li');
    none.className = 'none';
    none.textContent = 'No problems in this recipe.';
    problemsList.appendChild(none);
    return;
  }
  for (const diagnostic of diagnostics) {
    const range = visibleRange(model, diagnostic.span);
    const item = document.createElement('li');
    item.className = `problem problem-${diagnostic.severity}`;
    item.dataset.code = diagnosticCode(diagnostic);
    item.title = 'Show in the editor';
    const icon = document.createElement('span');
    icon.className = 'icon';
    icon.textContent = SEVERITY_ICON[diagnostic.severity];
    const where = document.createElement('span');
    where.className = 'where';
    where.textContent = `${range.startLineNumber}:${range.startColumn}`;
    const text = document.createElement('span');
    text.className = 'text';
    const message = document.createElement('span');
    message.className = 'message';
    message.textContent = diagnostic.message;
    text.appendChild(message);
    if (diagnostic.help !== undefined) {
      const help = document.createElement('span');
      help.className = 'help';
      help.textContent = diagnostic.help;
      text.appendChild(help);
    }
    const code = document.createElement('span');
    code.className = 'code';
    code.textContent = diagnosticCode(diagnostic);
    item.append(icon, where, text, code);
    item.addEventListener('click', () => selectSpan(diagnostic.span));
    problemsList.appendChild(item);
  }
}

function renderGraphSummary(view: RecipeView | undefined): void {
  if (view === undefined) {
    graphSummary.textContent = '';
    return;
  }
  const models = view.nodes.filter((n) => n.kind === 'model' || n.kind === 'param').length;
  const merges = view.nodes.filter((n) => n.kind === 'merge').length;
  graphSummary.textContent = `${models} input${models === 1 ? '' : 's'} · ${merges} merge${merges === 1 ? '' : 's'}`;
}

async function refresh(): Promise<void> {
  sync.ensure(model);
  const version = model.getVersionId();
  const uri = model.uri.toString();
  try {
    const [diagnostics, view] = await Promise.all([client.call('diagnostics', uri), client.call('recipeView', uri)]);
    if (model.getVersionId() !== version) return; // a newer refresh is on its way
    latestDiagnostics = diagnostics;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      diagnostics.map((d) => diagnosticToMarker(model, d)),
    );
    renderCount(diagnostics);
    renderProblems(diagnostics);
    renderRecipeGraph(graphContainer, view, { onSelect: selectSpan });
    renderGraphSummary(view);
    syncPicker();
    shownVersion = version;
    document.documentElement.dataset.shownVersion = String(version);
  } catch (error) {
    countBadge.textContent = 'Service error';
    countBadge.classList.add('has-errors');
    showStatus(error instanceof Error ? error.message.split('\n')[0]! : String(error), 'error', true);
    console.error(error);
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
model.onDidChangeContent(() => {
  if (refreshTimer !== undefined) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void refresh();
  }, DEBOUNCE_MS);
});

// Format ---------------------------------------------------------------------------------------------------

async function formatRecipe(): Promise<void> {
  try {
    const edits = await formattingEdits(client, sync, model);
    if (edits.length === 0) {
      // The catalog numbers syntax errors 1xxx; the formatter leaves a recipe it cannot parse alone.
      const syntaxErrors = latestDiagnostics.some((d) => d.severity === 'error' && d.code < 2000);
      showStatus(
        syntaxErrors
          ? 'Fix the syntax errors first: the formatter skips recipes that do not parse.'
          : 'Already formatted.',
      );
      return;
    }
    editor.pushUndoStop();
    editor.executeEdits(
      'format',
      edits.map((edit) => ({ range: edit.range, text: edit.text })),
    );
    editor.pushUndoStop();
    showStatus('Formatted.');
  } catch (error) {
    showStatus(error instanceof Error ? error.message.split('\n')[0]! : String(error), 'error');
  }
}

formatButton.addEventListener('click', () => void formatRecipe());

// Share ----------------------------------------------------------------------------------------------------

shareButton.addEventListener('click', async () => {
  const hash = await recipeHash(model.getValue());
  history.replaceState(null, '', hash);
  try {
    await navigator.clipboard.writeText(location.href);
    showStatus('Link copied to the clipboard.');
  } catch {
    showStatus('The link is in the address bar.');
  }
});

async function loadFromHash(): Promise<void> {
  const shared = await recipeFromHash(location.hash);
  if (shared instanceof Error) showStatus(shared.message, 'error', true);
  else if (shared !== undefined && shared !== model.getValue()) replaceText(shared);
}

window.addEventListener('hashchange', () => void loadFromHash());

// Start ----------------------------------------------------------------------------------------------------

const initial = await recipeFromHash(location.hash);
if (initial instanceof Error) showStatus(initial.message, 'error', true);
model.setValue(typeof initial === 'string' ? initial : SAMPLES[0]!.text);
void refresh();
