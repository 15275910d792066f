import dagre from '@dagrejs/dagre';
import type { RecipeView } from '../../src/service/api.js';
import type { Span } from '../../src/text/span.js';

/**
 * The recipe as a drawing: the service's recipeView (models -> methods -> output, with inferred types), laid out
 * top to bottom by dagre and drawn as SVG. Clicking a node selects its text in the editor.
 */

type ViewNode = RecipeView['nodes'][number];
type NodeKind = ViewNode['kind'];

const SVG_NS = 'http://www.w3.org/2000/svg';
const TITLE_FONT = '600 13px ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, monospace';
const SUBTITLE_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
const EDGE_FONT = '10.5px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
const PAD_X = 12;
const NODE_HEIGHT = 44;
const MAX_TITLE = 28;

const KIND_NAMES: Record<NodeKind, string> = {
  model: 'model',
  param: 'param',
  merge: 'merge',
  hyper: 'hyper',
  literal: 'value',
  output: 'output',
};

let measureContext: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string, font: string): number {
  if (measureContext === undefined) measureContext = document.createElement('canvas').getContext('2d');
  if (measureContext === null) return text.length * 8;
  measureContext.font = font;
  return measureContext.measureText(text).width;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function element<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number> = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  parent?.appendChild(node);
  return node;
}

function subtitle(node: ViewNode): string {
  return node.type === undefined ? KIND_NAMES[node.kind] : `${KIND_NAMES[node.kind]} · ${node.type}`;
}

/** A smooth path through dagre's edge points. */
function edgePath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${first!.x},${first!.y}`;
  if (rest.length === 1) return `${d} L${rest[0]!.x},${rest[0]!.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const q = rest[i + 1]!;
    const end = i === rest.length - 2 ? q : { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    d += ` Q${p.x},${p.y} ${end.x},${end.y}`;
  }
  return d;
}

export interface GraphOptions {
  /** Called with a node's span when it is clicked. */
  readonly onSelect?: (span: Span) => void;
}

/** Replaces the container's content with the drawing of `view` (or a note when there is nothing to draw). */
export function renderRecipeGraph(
  container: HTMLElement,
  view: RecipeView | undefined,
  options: GraphOptions = {},
): void {
  container.replaceChildren();
  if (view === undefined || view.nodes.length === 0) {
    const note = document.createElement('p');
    note.className = 'graph-empty';
    note.textContent =
      view === undefined ? 'No graph: the recipe does not parse yet.' : 'No graph: the recipe has no statements yet.';
    container.appendChild(note);
    return;
  }

  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 22, ranksep: 46, edgesep: 12, marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  const byId = new Map<string, ViewNode>();
  for (const node of view.nodes) {
    const id = String(node.id);
    byId.set(id, node);
    const title = shorten(node.label, MAX_TITLE);
    const width = Math.ceil(
      Math.max(textWidth(title, TITLE_FONT), textWidth(subtitle(node), SUBTITLE_FONT)) + 2 * PAD_X,
    );
    graph.setNode(id, { width: Math.max(width, 72), height: NODE_HEIGHT });
  }
  view.edges.forEach((edge, index) => {
    const from = String(edge.from);
    const to = String(edge.to);
    if (!byId.has(from) || !byId.has(to)) return;
    const label = edge.label ?? '';
    graph.setEdge(
      from,
      to,
      label === ''
        ? { minlen: 1 }
        : { minlen: 1, width: textWidth(label, EDGE_FONT) + 6, height: 14, labelpos: 'c', label },
      `e${index}`,
    );
  });
  dagre.layout(graph);

  const { width = 0, height = 0 } = graph.graph() as { width?: number; height?: number };
  const svg = element('svg', {
    class: 'recipe-graph',
    width: Math.ceil(width),
    height: Math.ceil(height),
    viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`,
    role: 'img',
    'aria-label': `recipe graph: ${view.nodes.length} nodes`,
  });
  const defs = element('defs', {}, svg);
  const marker = element(
    'marker',
    {
      id: 'graph-arrow',
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
    },
    defs,
  );
  element('path', { d: 'M0,0 L10,5 L0,10 z', class: 'graph-arrowhead' }, marker);

  const edges = element('g', { class: 'graph-edges' }, svg);
  for (const e of graph.edges()) {
    const data = graph.edge(e) as { points?: { x: number; y: number }[]; x?: number; y?: number; label?: string };
    const group = element('g', { class: 'graph-edge', 'data-from': e.v, 'data-to': e.w }, edges);
    element('path', { d: edgePath(data.points ?? []), 'marker-end': 'url(#graph-arrow)' }, group);
    if (data.label && data.x !== undefined && data.y !== undefined) {
      const text = element(
        'text',
        { x: data.x, y: data.y + 4, class: 'graph-edge-label', 'text-anchor': 'middle' },
        group,
      );
      text.textContent = data.label;
    }
  }

  const nodes = element('g', { class: 'graph-nodes' }, svg);
  for (const id of graph.nodes()) {
    const node = byId.get(id);
    const box = graph.node(id) as { x: number; y: number; width: number; height: number } | undefined;
    if (node === undefined || box === undefined) continue;
    const group = element(
      'g',
      {
        class: `graph-node graph-node-${node.kind}`,
        'data-kind': node.kind,
        'data-id': id,
        transform: `translate(${box.x - box.width / 2},${box.y - box.height / 2})`,
        tabindex: 0,
      },
      nodes,
    );
    const tooltip = element('title', {}, group);
    tooltip.textContent = `${node.label}\n${subtitle(node)}`;
    element(
      'rect',
      { width: box.width, height: box.height, rx: node.kind === 'model' || node.kind === 'param' ? 18 : 7 },
      group,
    );
    const title = element(
      'text',
      { x: box.width / 2, y: 19, class: 'graph-node-title', 'text-anchor': 'middle' },
      group,
    );
    title.textContent = shorten(node.label, MAX_TITLE);
    const sub = element('text', { x: box.width / 2, y: 35, class: 'graph-node-type', 'text-anchor': 'middle' }, group);
    sub.textContent = subtitle(node);
    if (options.onSelect !== undefined) {
      const select = options.onSelect;
      group.addEventListener('click', () => select(node.span));
      group.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') select(node.span);
      });
    }
  }
  container.appendChild(svg);
}
