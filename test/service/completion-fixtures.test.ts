import { describe, test } from 'vitest';
import type { CompletionItem } from '../../src/service/api.js';
import { atCursor, REGISTRY, textOf, URI } from './cursor.js';
import { expectGolden, featureCases, FIXTURE_HOST } from './golden.js';

/**
 * test/fixtures/service/completion: each `<case>.mecha` has a `<|>` where completion is asked; `<case>.expected.txt`
 * lists the range the items replace and every item, in the order given. The registry's merge methods, when all
 * of them are offered in its order with their signatures, read as one line, so the files do not churn as methods
 * are added.
 */
describe('completion fixtures', () => {
  test.each(featureCases('completion'))('$name', ({ source, expected }) => {
    const { service, text, offset } = atCursor(source, FIXTURE_HOST);
    const items = service.completions(URI, offset);
    expectGolden(expected.replace(/\.mecha$/, '.expected.txt'), render(items, text));
  });
});

function render(items: readonly CompletionItem[], text: string): string {
  const replace = items[0]?.replace;
  const lines = [
    replace ? `replaces ${JSON.stringify(textOf(text, replace))} at ${replace.start}-${replace.end}` : 'no items',
  ];
  const methods = REGISTRY.methods();
  const isMethod = (item: CompletionItem | undefined, i: number) =>
    item?.kind === 'method' &&
    item.label === methods[i]!.name &&
    item.detail?.startsWith(`${methods[i]!.name}(`) &&
    item.documentation;
  for (let i = 0; i < items.length; i++) {
    if (methods.every((_, k) => isMethod(items[i + k], k))) {
      lines.push('(every merge method, with its signature and documentation)');
      i += methods.length - 1;
      continue;
    }
    const item = items[i]!;
    const insert = item.insertText !== undefined && item.insertText !== item.label ? ` -> ${item.insertText}` : '';
    lines.push(`${item.label} (${item.kind})${insert}${item.detail ? `  ${item.detail}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
