import * as monaco from 'monaco-editor/editor/editor.api.js';
// The editor's features (hover, suggest, code actions, formatting, find...), without Monaco's own languages.
import 'monaco-editor/features/register.all.js';
// What editor.main.js adds after register.all: among others the whole-document semantic tokens (the colouring,
// which comes from the service; register.all has only the viewport variant) and the suggest controller.
import 'monaco-editor/editor/contrib/caretOperations/browser/caretOperations.js';
import 'monaco-editor/editor/contrib/dropOrPasteInto/browser/copyPasteContribution.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands.js';
import 'monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus.js';
import 'monaco-editor/editor/contrib/semanticTokens/browser/documentSemanticTokens.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/common/standaloneStrings.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';

/**
 * Monaco, bundled: its one worker (diffing, word ranges) comes from the bundle too, so nothing is fetched from
 * a CDN. No other Monaco language is loaded; `mecha` is registered in language.ts.
 */
self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
