import { optionClass } from './charts.js';
import type { Counterfactual, Evaluation } from './types.js';
import { display } from './workload.js';

const show = (v: unknown) => (v === null || v === undefined ? 'unset' : Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : display(v));
const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(1).replace(/\.0$/, ''));
const lead = (margin: number) => (margin === 0 ? 'a tie' : `lead ${fmt(margin)}`);

export function describeCounterfactual(c: Counterfactual, current: string | null): string {
  const changes = c.changes.map((ch) => `${ch.field} ${show(ch.from)} → ${show(ch.to)}`).join(' and ');
  return c.kind === 'rule-out' ? `${current ?? 'the answer'} ruled out, ${c.option} instead (${lead(c.margin)}): ${changes}` : `${c.option} (${lead(c.margin)}): ${changes}`;
}

export function Counterfactuals({ result, busy, onApply }: { result: Evaluation; busy: boolean; onApply: (c: Counterfactual) => void }) {
  const list = result.counterfactuals ?? [];
  if (list.length === 0) return <p>No change of the attributes the matrix calls changeable would alter this answer.</p>;
  return (
    <ul class="counterfactuals">
      {list.map((c, i) => (
        <li key={i}>
          <button type="button" class={`counterfactual ${optionClass(c.option)}`} data-testid="counterfactual" data-option={c.option} disabled={busy} onClick={() => onApply(c)}>
            <span class="swatch" aria-hidden="true" />
            {describeCounterfactual(c, result.recommendation)}
          </button>
        </li>
      ))}
    </ul>
  );
}

export interface WhatIfStep {
  label: string;
  before: Evaluation;
  promised?: { option: string; margin: number };
}

/** What moved between the answer before a what-if and after it. */
export function Moved({ step, after }: { step: WhatIfStep; after: Evaluation }) {
  const { before, promised } = step;
  const kept = promised ? promised.option === after.recommendation : undefined;
  const rows = after.options.map((o) => {
    const b = before.options.find((x) => x.option === o.option);
    return { option: o.option, before: b?.score ?? null, after: o.score };
  });
  return (
    <div class="moved" data-testid="moved">
      <p>
        <strong>{step.label}</strong>: {before.recommendation ?? 'none'} → <strong>{after.recommendation ?? 'none'}</strong>
        {promised ? (
          <span class={kept ? 'ok' : 'warn'}>
            {' '}
            · promised {promised.option} by {fmt(promised.margin)}, {kept ? `got it by ${fmt(after.rationale.margin)}` : `got ${after.recommendation ?? 'none'}`}
          </span>
        ) : null}
      </p>
      <table class="deltas">
        <caption class="visually-hidden">Scores before and after</caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const delta = r.before !== null && r.after !== null ? r.after - r.before : null;
            return (
              <tr key={r.option}>
                <th scope="row">{r.option}</th>
                <td class="num">{r.before === null ? 'excluded' : fmt(r.before)}</td>
                <td class="num">{r.after === null ? 'excluded' : fmt(r.after)}</td>
                <td class="num">{delta === null ? (r.before === r.after ? '' : r.after === null ? 'ruled out' : 'back in') : `${delta > 0 ? '+' : ''}${fmt(delta)}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const LOG = { instances: [0, 5], budget: [1, 5] } as const;
const toLog = (n: number) => Math.log10(Math.max(1, n));

export function Sliders({ instances, budget, onSet }: { instances: number; budget: number | undefined; onSet: (path: string, value: unknown) => void }) {
  return (
    <div class="sliders">
      <div class="slider">
        <label for="slider-instances">Instances (what-if)</label>
        <input
          id="slider-instances"
          type="range"
          min={LOG.instances[0]}
          max={LOG.instances[1]}
          step="0.01"
          value={toLog(instances).toFixed(2)}
          aria-valuetext={`${instances} instances`}
          onInput={(e) => onSet('scale.instances', Math.max(1, Math.round(10 ** Number(e.currentTarget.value))))}
        />
        <output for="slider-instances">{instances}</output>
      </div>
      <div class="slider">
        <label for="slider-budget">Start-up budget (what-if)</label>
        <input
          id="slider-budget"
          type="range"
          min={LOG.budget[0]}
          max={LOG.budget[1]}
          step="0.01"
          value={(budget === undefined ? LOG.budget[1] : toLog(budget)).toFixed(2)}
          aria-valuetext={budget === undefined ? 'no budget' : `${budget} ms`}
          onInput={(e) => onSet('startupBudgetMs', roundBudget(10 ** Number(e.currentTarget.value)))}
        />
        <output for="slider-budget">{budget === undefined ? 'no budget' : `${budget} ms`}</output>
        <button type="button" class="small" disabled={budget === undefined} onClick={() => onSet('startupBudgetMs', undefined)}>
          No budget
        </button>
      </div>
    </div>
  );
}

/** Two significant figures: 10, 15, 230, 4700 ms, so the slider lands on budgets people write. */
const roundBudget = (ms: number) => {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(ms)) - 1);
  return Math.max(1, Math.round(ms / p) * p);
};

/** Budgets the strip evaluates: a log scale from a fast function to a slow VM boot, and none. */
// Eleven cells keep each one a 24 px touch target on a 375 px phone.
export const STRIP_BUDGETS: (number | null)[] = [20, 50, 100, 300, 500, 1000, 2000, 5000, 10_000, 30_000, null];

export interface StripCell {
  budget: number | null;
  recommendation: string | null;
}

export function BudgetStrip({ cells, current, busy, onPick }: { cells: StripCell[]; current: number | undefined; busy: boolean; onPick: (budget: number | null) => void }) {
  const nearest =
    current === undefined ? null : cells.filter((c) => c.budget !== null).reduce<number | null>((best, c) => (best === null || Math.abs(toLog(c.budget!) - toLog(current)) < Math.abs(toLog(best) - toLog(current)) ? c.budget : best), null);
  const legend = [...new Set(cells.map((c) => c.recommendation ?? 'none'))];
  return (
    <div class="strip-wrap" data-testid="budget-strip">
      <ol class="strip" aria-label="Recommendation at each start-up budget">
        {cells.map((c) => {
          const here = c.budget === nearest || (c.budget === null && current === undefined);
          return (
            <li key={String(c.budget)}>
              <button type="button" class={`strip-cell ${optionClass(c.recommendation)}${here ? ' current' : ''}`} aria-current={here ? 'true' : undefined} disabled={busy} onClick={() => onPick(c.budget)}>
                <span class="swatch" aria-hidden="true" />
                {/* The visible text starts the accessible name, so speech input can say what it sees. */}
                <span class="strip-label">{c.budget === null ? '∞' : c.budget >= 1000 ? `${c.budget / 1000}s` : `${c.budget}`}</span>
                <span class="visually-hidden">
                  {c.budget === null ? ' (no budget)' : c.budget >= 1000 ? '' : ' ms'}: {c.recommendation ?? 'nothing fits'}
                  {here ? ', current' : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      <p class="legend">
        {legend.map((o) => (
          <span key={o} class={`legend-item ${optionClass(o === 'none' ? null : o)}`}>
            <span class="swatch" aria-hidden="true" />
            {o}
          </span>
        ))}
        <span class="muted"> · start-up budgets in ms (s: seconds, ∞: no budget); the outlined cell is the current one</span>
      </p>
    </div>
  );
}
