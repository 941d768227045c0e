import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, describeError } from './api.js';
import { Bar, Scroll, TransitionChart } from './charts.js';
import type { ImpactReport, MatrixDiff, MatrixSummary } from './types.js';

const short = (v: unknown) => {
  if (v === undefined) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

const problemText = (e: unknown) => (e instanceof ApiError && e.status === 403 ? `${describeError(e)} Enter an admin key above to run the impact analysis.` : describeError(e));

/** Two versions side by side, and what a candidate would change across the stored decisions. */
export function Matrices({ versions }: { versions: MatrixSummary[] }) {
  const active = versions.find((v) => v.active)?.version ?? versions.at(-1)?.version ?? '';
  const other = versions.filter((v) => v.version !== active).at(-1)?.version ?? active;
  const [from, setFrom] = useState(other);
  const [to, setTo] = useState(active);
  const [diff, setDiff] = useState<MatrixDiff | null>(null);
  const [impact, setImpact] = useState<ImpactReport | null>(null);
  const [error, setError] = useState('');
  const [impactError, setImpactError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setFrom(other);
    setTo(active);
  }, [active, other]);

  const compare = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      setDiff(await api<MatrixDiff>(`/v1/matrices/${encodeURIComponent(from)}/diff/${encodeURIComponent(to)}`));
    } catch (err) {
      setDiff(null);
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const runImpact = async () => {
    setBusy(true);
    setImpactError('');
    try {
      setImpact(await api<ImpactReport>(`/v1/matrices/${encodeURIComponent(to)}/impact`, { method: 'POST' }));
    } catch (err) {
      setImpact(null);
      setImpactError(problemText(err));
    } finally {
      setBusy(false);
    }
  };

  const pick = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version} ({v.status}
            {v.active ? ', active' : ''})
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div class="matrices">
      <form class="inline-form" onSubmit={(e) => void compare(e)}>
        {pick('matrix-from', 'From version', from, setFrom)}
        {pick('matrix-to', 'To version', to, setTo)}
        <button type="submit" data-testid="diff-button" disabled={busy}>
          Compare
        </button>
        <button type="button" data-testid="impact-button" disabled={busy} onClick={() => void runImpact()}>
          Impact of {to} on stored decisions (admin)
        </button>
      </form>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {diff ? <DiffView diff={diff} /> : null}
      {impactError ? (
        <p class="form-error" role="alert">
          {impactError}
        </p>
      ) : null}
      {impact ? (
        <div data-testid="impact">
          <h3>Impact of {impact.candidate.version}</h3>
          <p>
            Of the {impact.window.evaluated} latest stored decisions, <strong data-testid="impact-changed">{impact.changed}</strong> would change and {impact.unchanged} would not.
          </p>
          {impact.transitions.length ? <TransitionChart report={impact} /> : <p>No stored decisions yet.</p>}
          {impact.changes.length ? (
            <Scroll label="Changed decisions">
              <table class="impact-changes">
                <caption>Changed decisions (up to 20), with the criterion that moved most</caption>
                <thead>
                  <tr>
                    <th scope="col">Workload</th>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col">Moved most</th>
                  </tr>
                </thead>
                <tbody>
                  {impact.changes.slice(0, 20).map((c) => (
                    <tr key={c.id}>
                      <th scope="row">{c.workload}</th>
                      <td>
                        {c.from ?? 'none'} <span class="muted">({c.matrixVersion})</span>
                      </td>
                      <td>{c.to ?? 'none'}</td>
                      <td>{c.movedFactors[0] ? `${c.movedFactors[0].name} (${c.movedFactors[0].swing.toFixed(1)})` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** The structured diff: how much changed in each section, then every change, then the readable summary. */
function DiffView({ diff }: { diff: MatrixDiff }) {
  // The version name always differs; the API's summary does not count it either.
  const changes = diff.changes.filter((c) => !(c.section === 'metadata' && c.id === 'version'));
  const sections = [...new Set(changes.map((c) => c.section))].map((section) => {
    const of = changes.filter((c) => c.section === section);
    return { section, total: of.length, added: of.filter((c) => c.change === 'added').length, removed: of.filter((c) => c.change === 'removed').length, changed: of.filter((c) => c.change === 'changed').length };
  });
  const max = Math.max(1, ...sections.map((s) => s.total));
  return (
    <div data-testid="matrix-diff">
      <h3>
        {diff.from} → {diff.to}: {diff.identical ? 'identical but for the version' : `${changes.length} changes`}
      </h3>
      {sections.length ? (
        <Scroll label="Changes per section">
          <table class="diff-sections">
            <caption>Changes per section of the matrix</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">Added</th>
                <th scope="col">Removed</th>
                <th scope="col">Changed</th>
                <th scope="col" class="chart-col">
                  <span class="visually-hidden">Chart</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sections.map((s) => (
                <tr key={s.section}>
                  <th scope="row">{s.section}</th>
                  <td class="num">{s.added}</td>
                  <td class="num">{s.removed}</td>
                  <td class="num">{s.changed}</td>
                  <td class="chart-col">
                    <Bar value={s.total} max={max} option="other" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      ) : null}
      {changes.length ? (
        <details open={changes.length <= 15}>
          <summary>Every change ({changes.length})</summary>
          <Scroll label="Matrix changes table">
            <table class="diff">
              <caption class="visually-hidden">Every change, by section</caption>
              <thead>
                <tr>
                  <th scope="col">Section</th>
                  <th scope="col">Item</th>
                  <th scope="col">Change</th>
                  <th scope="col">Fields</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c, i) => (
                  <tr key={i} class={`change-${c.change}`}>
                    <td>{c.section}</td>
                    <th scope="row">{c.id}</th>
                    <td>{c.change}</td>
                    <td>
                      {c.fields?.length ? (
                        <ul class="fields-changed">
                          {c.fields.slice(0, 8).map((f) => (
                            <li key={f.path}>
                              <code>{f.path}</code> {short(f.before)} → {short(f.after)}
                            </li>
                          ))}
                          {c.fields.length > 8 ? <li class="muted">and {c.fields.length - 8} more</li> : null}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </details>
      ) : null}
      <details>
        <summary>Readable summary</summary>
        <pre class="diff-summary" tabIndex={0} aria-label="Readable summary of the diff">
          {diff.summary}
        </pre>
      </details>
    </div>
  );
}
