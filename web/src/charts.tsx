import type { ComponentChildren } from 'preact';
import type { Evaluation, ImpactReport } from './types.js';

const KNOWN = ['container', 'microvm', 'vm', 'hybrid', 'none', 'unchanged'];
/** A colour class per option; an option a later matrix adds still gets a visible bar. */
export const optionClass = (option: string | null): string => `opt-${option && KNOWN.includes(option) ? option : option === null ? 'none' : 'other'}`;

/**
 * A horizontal bar as SVG attributes (a percentage width), so nothing needs an inline
 * style and the page runs under style-src 'self'.
 */
export function Bar({ value, max, option, label }: { value: number; max: number; option: string | null; label?: string }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="14" aria-hidden={label ? undefined : 'true'} role={label ? 'img' : undefined} aria-label={label} focusable="false">
      <rect class="bar-track" x="0" y="0" width="100" height="10" />
      <rect class={`bar-fill ${optionClass(option)}`} x="0" y="0" width={pct.toFixed(2)} height="10" />
    </svg>
  );
}

/** Every option's score; excluded options stay on the chart with the reasons they are out. */
export function ScoreChart({ result }: { result: Evaluation }) {
  const options = [...result.options].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
  return (
    <ol class="score-chart" data-testid="score-chart" aria-label="Score of every option, out of 100">
      {options.map((o) => (
        <li key={o.option} data-testid={`option-score-${o.option}`} data-option={o.option} class={o.option === result.recommendation ? 'winner' : o.eligible ? '' : 'excluded'}>
          <div class="score-head">
            <span class="score-label">
              {o.label}
              {o.runtime ? <span class="muted"> on {runtimeLabel(result, o.runtime)}</span> : null}
            </span>
            <span class="score-value">{o.eligible && o.score !== null ? `${o.score.toFixed(1)}` : 'excluded'}</span>
          </div>
          {o.eligible && o.score !== null ? (
            <Bar value={o.score} max={100} option={o.option} />
          ) : (
            <ul class="reasons">
              {o.exclusions.map((e) => (
                <li key={e.constraint}>{e.reason}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

export const runtimeLabel = (result: Evaluation, name: string): string => result.runtimes?.find((r) => r.name === name)?.label ?? name;

/** Diverging bar: how many points one criterion put between the answer and the runner-up. */
export function GapBar({ gap, max, winner, runnerUp }: { gap: number; max: number; winner: string; runnerUp: string }) {
  const half = max > 0 ? Math.min(50, (Math.abs(gap) / max) * 50) : 0;
  const x = gap >= 0 ? 50 : 50 - half;
  return (
    <svg class="bar gap" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="14" aria-hidden="true" focusable="false">
      <rect class="bar-track" x="0" y="0" width="100" height="10" />
      <rect class={`bar-fill ${optionClass(gap >= 0 ? winner : runnerUp)}`} x={x.toFixed(2)} y="0" width={half.toFixed(2)} height="10" />
      <line class="axis" x1="50" x2="50" y1="0" y2="10" />
    </svg>
  );
}

/** How many stored decisions move from what to what under a candidate matrix. */
export function TransitionChart({ report }: { report: ImpactReport }) {
  const rows = [...report.transitions].sort((a, b) => Number(a.from === a.to) - Number(b.from === b.to) || b.count - a.count);
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <table class="transitions" data-testid="impact-transitions">
      <caption>Stored decisions by old and new recommendation</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Decisions</th>
          <th scope="col" class="chart-col">
            <span class="visually-hidden">Chart</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.from}-${r.to}`} class={r.from === r.to ? 'unchanged' : 'changed'}>
            <td>{r.from}</td>
            <td>{r.from === r.to ? <span class="muted">unchanged</span> : <strong>{r.to}</strong>}</td>
            <td class="num">{r.count}</td>
            <td class="chart-col">
              <Bar value={r.count} max={max} option={r.from === r.to ? 'unchanged' : r.to} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Scroll({ label, children }: { label: string; children: ComponentChildren }) {
  // A scrollable region must be reachable by keyboard (WCAG 2.1.1), hence the tabindex.
  return (
    <div class="scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
