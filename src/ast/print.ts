import { LineIndex } from '../text/line-index.js';
import type { Span } from '../text/span.js';
import type { Document, Node } from './nodes.js';
import { VISITOR_KEYS } from './visit.js';

/**
 * A readable dump of a tree, one node per line, indented by depth: the node's kind, its range as 1-based
 * `line:col-line:col` (end exclusive), and the fields that are not children. Single children are labelled with
 * their property (`name:`, `left:`); list items are not. Comments are listed among the statements, in source order.
 * Test fixtures use it as expected output, so the format is stable.
 */
export function dumpAst(document: Document, text: string): string {
  const lines = new LineIndex(text);
  const out: string[] = [];

  const range = (span: Span): string => {
    const a = lines.positionAt(span.start);
    const b = lines.positionAt(span.end);
    return `${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1}`;
  };

  const emit = (node: Node, depth: number, label: string | undefined): void => {
    const fields = describeFields(node, range);
    const head = `${'  '.repeat(depth)}${label ? label + ': ' : ''}${node.kind} ${range(node.span)}`;
    out.push(fields ? `${head} ${fields}` : head);
    if (node.kind === 'Document') {
      emitDocumentChildren(node, depth + 1);
      return;
    }
    for (const key of VISITOR_KEYS[node.kind]) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const item of value as Node[]) emit(item, depth + 1, undefined);
      else emit(value as Node, depth + 1, key);
    }
  };

  const emitDocumentChildren = (doc: Document, depth: number): void => {
    if (doc.version) emit(doc.version, depth, 'version');
    const items: Node[] = [...doc.statements, ...doc.comments];
    items.sort((a, b) => a.span.start - b.span.start);
    for (const item of items) emit(item, depth, undefined);
  };

  emit(document, 0, undefined);
  return out.join('\n') + '\n';
}

function describeFields(node: Node, range: (span: Span) => string): string {
  switch (node.kind) {
    case 'Document':
      return `dialect=${node.dialect}`;
    case 'Comment':
      return `text=${JSON.stringify(node.text)}`;
    case 'VersionDecl':
      return `value=${JSON.stringify(node.value)}`;
    case 'LegacyStatement':
      return `command=${node.command} index=${node.index}`;
    case 'Identifier':
      return `name=${JSON.stringify(node.name)}`;
    case 'KeywordName':
      return `name=${JSON.stringify(node.name)}`;
    case 'NumberLiteral':
      return String(node.value) === node.raw ? `value=${node.raw}` : `value=${node.value} raw=${node.raw}`;
    case 'StringLiteral': {
      const plain = `"${node.value}"` === node.raw;
      return plain ? `value=${JSON.stringify(node.value)}` : `value=${JSON.stringify(node.value)} raw=${node.raw}`;
    }
    case 'BooleanLiteral':
      return `value=${node.value}`;
    case 'Reference':
      return `index=${node.index}`;
    case 'CallExpression':
      return `args=${range(node.argsSpan)}`;
    default:
      return '';
  }
}
