/**
 * The state machine drawn from its ASL: laid out by elkjs (loaded when first drawn), the path the
 * execution took highlighted, the current state marked; a state's input and output on click (or
 * Enter), as far as the API shows them to the reader.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useI18n } from '../i18n.ts';
import { beijing } from '../time.ts';
import { ProblemView } from '../ui.tsx';
import { END, graphOf, pathOf, START, type HistoryEvent, type WorkflowShape } from './asl-graph.ts';
import type { Layout } from './elk-layout.ts';

const NODE_HEIGHT = 34;
const nodeWidth = (id: string) => Math.max(90, id.length * 7.2 + 28);

function pretty(json: string | undefined): string {
  if (json === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

export function WorkflowGraph({ shape, events, status }: { shape: WorkflowShape; events: HistoryEvent[]; status: string }) {
  const { t, lang } = useI18n();
  const graph = useMemo(() => graphOf(shape), [shape]);
  const path = useMemo(() => pathOf(events, status), [events, status]);
  const [laidOut, setLaidOut] = useState<Layout>();
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<string>();

  useEffect(() => {
    let live = true;
    import('./elk-layout.ts')
      .then(({ layout }) => layout(graph.nodes.map((n) => ({ id: n.id, width: nodeWidth(n.id), height: NODE_HEIGHT })), graph.edges))
      .then((result) => live && setLaidOut(result), (e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [graph]);

  if (error) return <ProblemView error={error} />;
  if (!laidOut) return <p class="muted">{t('loading')}</p>;
  const visited = new Set(path.states);
  const types = new Map(graph.nodes.map((n) => [n.id, n.type]));
  const visits = selected ? (path.visits.get(selected) ?? []) : [];
  return (
    <div class="graph-wrap">
      <div class="graph-scroll">
        <svg
          class="workflow-graph"
          viewBox={`-4 -4 ${laidOut.width + 8} ${laidOut.height + 8}`}
          width={laidOut.width + 8}
          height={laidOut.height + 8}
          role="group"
          aria-label={t('workflowGraph')}
          data-testid="workflow-graph"
        >
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#8a94a6" />
            </marker>
            <marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#0b6e4f" />
            </marker>
          </defs>
          {laidOut.edges.map((edge) => {
            const taken = path.edges.has(edge.id);
            return (
              <polyline
                key={edge.id}
                class={taken ? 'edge taken' : 'edge'}
                data-edge={edge.id}
                points={edge.points.map((p) => `${p.x},${p.y}`).join(' ')}
                marker-end={taken ? 'url(#arrow-taken)' : 'url(#arrow)'}
              />
            );
          })}
          {laidOut.nodes.map((node) => {
            const isTerminal = node.id === START || node.id === END;
            const taken = visited.has(node.id) || (node.id === START && path.states.length > 0) || (node.id === END && path.edges.has(`${path.states.at(-1)}->${END}`));
            const current = path.current === node.id;
            const label = node.id === START ? 'Start' : node.id === END ? 'End' : node.id;
            const classes = ['state', taken && 'taken', current && 'current', isTerminal && 'terminal', selected === node.id && 'selected'].filter(Boolean).join(' ');
            return (
              <g
                key={node.id}
                class={classes}
                data-state={node.id}
                data-taken={taken ? 'true' : 'false'}
                transform={`translate(${node.x},${node.y})`}
                // Lower case: preact sets SVG attributes as written, and only `tabindex` makes a <g> focusable.
                tabindex={isTerminal ? undefined : 0}
                role={isTerminal ? undefined : 'button'}
                aria-pressed={isTerminal ? undefined : selected === node.id}
                aria-label={isTerminal ? undefined : `${label} (${types.get(node.id)})${current ? `, ${t('current')}` : ''}`}
                onClick={() => !isTerminal && setSelected(node.id)}
                onKeyDown={(e) => {
                  if (!isTerminal && (e.key === 'Enter' || e.key === ' ')) {
                    e.preventDefault();
                    setSelected(node.id);
                  }
                }}
              >
                <rect width={node.width} height={node.height} rx={isTerminal ? 17 : 6} />
                <text x={node.width / 2} y={node.height / 2 + 4} text-anchor="middle">
                  {label}
                </text>
                {current && <circle class="current-dot" cx={node.width - 2} cy={2} r={6} />}
              </g>
            );
          })}
        </svg>
      </div>
      {/* Focusable: it scrolls, and a keyboard must be able to scroll it (as the <pre>s below). */}
      <aside class="state-detail" aria-live="polite" aria-label={t('stateDetail')} tabIndex={0}>
        <h3>{t('stateDetail')}</h3>
        {!selected && <p class="muted">{t('clickState')}</p>}
        {selected && (
          <>
            <p>
              <strong>{selected}</strong> <span class="muted">{types.get(selected)}</span>
            </p>
            {visits.length === 0 && <p class="muted">{t('empty')}</p>}
            {visits.map((visit, i) => (
              <div key={i} class="visit">
                <p class="muted">
                  {beijing(visit.enteredAt, lang)}
                  {visit.exitedAt && ` → ${beijing(visit.exitedAt, lang)}`}
                </p>
                <h4>{t('stateInput')}</h4>
                {visit.input !== undefined ? <pre tabIndex={0} aria-label={t('stateInput')}>{pretty(visit.input)}</pre> : <p class="muted">{t('notShown')}</p>}
                <h4>{t('stateOutput')}</h4>
                {visit.output !== undefined ? <pre tabIndex={0} aria-label={t('stateOutput')}>{pretty(visit.output)}</pre> : <p class="muted">{t('notShown')}</p>}
              </div>
            ))}
          </>
        )}
      </aside>
    </div>
  );
}
