import { useState } from 'preact/hooks';
import { describeError, download } from './api.js';
import { Bar, GapBar, optionClass, runtimeLabel, Scroll } from './charts.js';
import { fieldId } from './form.js';
import { humanize } from './schema.js';
import type { Evaluation } from './types.js';
import { toYaml } from './yaml.js';

const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? '–' : n.toFixed(digits).replace(/\.0+$/, ''));
const range = (r: { min: number; max: number }, unit: string) => (r.min === r.max ? `${fmt(r.min, 0)} ${unit}` : `${fmt(r.min, 0)}–${fmt(r.max, 0)} ${unit}`);

export function Headline({ result, stored }: { result: Evaluation; stored: boolean }) {
  const winner = result.options.find((o) => o.option === result.recommendation);
  const c = result.confidence;
  return (
    <div class={`headline ${optionClass(result.recommendation)}`}>
      <p class="verdict">
        <span class="muted">Recommendation</span>{' '}
        <strong class="recommendation" data-testid="recommendation">
          {result.recommendation ?? 'none'}
        </strong>{' '}
        {winner ? (
          <span>
            {winner.label}
            {winner.runtime ? ` on ${runtimeLabel(result, winner.runtime)}` : ''}, {fmt(winner.score)}/100
          </span>
        ) : (
          <span>no option fits this workload</span>
        )}
        {result.rationale.tie ? <span class="badge">tie, settled by the matrix's tie-break</span> : null}
      </p>
      <p>
        <span class="muted">Confidence</span>{' '}
        <strong data-testid="confidence" class={`confidence-${c?.level ?? 'unknown'}`}>
          {c?.level ?? 'not recorded'}
        </strong>
        {c ? (
          <span>
            {' '}
            (margin {fmt(c.margin)} points, {Math.round(c.stability * 100)}% of neighbouring changes keep the answer
            {c.sensitiveTo.length ? `; most sensitive to ${c.sensitiveTo.map(humanize).join(', ')}` : ''})
          </span>
        ) : null}
      </p>
      <p class="muted">
        Matrix {result.matrix.version}
        {stored ? ` · stored as ${result.id}` : ' · what-if: not stored'}
      </p>
    </div>
  );
}

/** Which criteria carried the answer: each one's points per option, what set its weight, and the gap it made. */
export function Factors({ result, formPaths }: { result: Evaluation; formPaths: string[] }) {
  const winner = result.recommendation;
  const runnerUp = result.rationale.runnerUp;
  const eligible = result.options.filter((o) => o.eligible);
  const gap = (f: Evaluation['rationale']['factors'][number]) => (winner && runnerUp ? (f.contributions[winner] ?? 0) - (f.contributions[runnerUp] ?? 0) : 0);
  const factors = [...result.rationale.factors].filter((f) => f.importance > 0).sort((a, b) => Math.abs(gap(b)) - Math.abs(gap(a)) || b.importance - a.importance);
  const maxContribution = Math.max(1, ...factors.flatMap((f) => eligible.map((o) => f.contributions[o.option] ?? 0)));
  const maxGap = Math.max(1, ...factors.map((f) => Math.abs(gap(f))));
  if (factors.length === 0) return <p>No criterion weighs for this workload.</p>;
  return (
    <Scroll label="Criteria table">
      <table class="factors" data-testid="factors">
        <caption>
          Points each criterion gave each option (they add up to the score)
          {winner && runnerUp ? `, sorted by the gap between ${winner} and the runner-up ${runnerUp}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            {eligible.map((o) => (
              <th scope="col" key={o.option}>
                {o.option}
              </th>
            ))}
            {winner && runnerUp ? (
              <th scope="col">
                {winner} vs {runnerUp}
              </th>
            ) : null}
            <th scope="col">Weight set by</th>
          </tr>
        </thead>
        <tbody>
          {factors.map((f) => (
            <tr key={f.criterion}>
              <th scope="row">
                {f.name}
                <span class="muted"> · {fmt(f.importance)}/10</span>
              </th>
              {eligible.map((o) => (
                <td key={o.option} class="num contribution">
                  {fmt(f.contributions[o.option], 2)}
                  <Bar value={f.contributions[o.option] ?? 0} max={maxContribution} option={o.option} />
                </td>
              ))}
              {winner && runnerUp ? (
                <td class="num contribution">
                  {gap(f) > 0 ? '+' : ''}
                  {fmt(gap(f), 2)}
                  <GapBar gap={gap(f)} max={maxGap} winner={winner} runnerUp={runnerUp} />
                </td>
              ) : null}
              <td>
                {f.setBy.length === 0 ? (
                  <span class="muted">base weight</span>
                ) : (
                  <ul class="set-by">
                    {f.setBy.map((s) => (
                      <li key={s.rule}>
                        {s.reason}{' '}
                        {s.fields.map((field) =>
                          formPaths.includes(field) ? (
                            <a key={field} class="chip" href={`#${fieldId(field)}`}>
                              {field}
                            </a>
                          ) : (
                            <span key={field} class="chip">
                              {field}
                            </span>
                          ),
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

export function Runtimes({ result }: { result: Evaluation }) {
  if (!result.runtimes?.length) return <p>This matrix version names no runtimes.</p>;
  return (
    <Scroll label="Runtimes table">
      <table class="runtimes">
        <caption>Every runtime the matrix names, and whether it fits</caption>
        <thead>
          <tr>
            <th scope="col">Runtime</th>
            <th scope="col">Option</th>
            <th scope="col">Score</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {result.runtimes.map((r) => (
            <tr key={r.name} class={r.selected ? 'selected' : r.fits ? '' : 'excluded'}>
              <th scope="row">
                {r.label}
                {r.selected ? <span class="badge">scored on</span> : null}
              </th>
              <td>{r.option}</td>
              <td class="num">{r.fits ? fmt(r.score) : 'does not fit'}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

async function copy(text: string, fallback: HTMLElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard API outside a secure context: select the text and use the old command.
    if (!fallback) throw new Error('Copy is not available');
    const selection = getSelection();
    const range = document.createRange();
    range.selectNodeContents(fallback);
    selection?.removeAllRanges();
    selection?.addRange(range);
    if (!document.execCommand('copy')) throw new Error('Copy is not available; the text is selected');
  }
}

export function Kubernetes({ result }: { result: Evaluation }) {
  const [status, setStatus] = useState('');
  const k = result.kubernetes;
  if (!k) return <p>Set orchestration to kubernetes to get a RuntimeClass and the pod spec fields to set.</p>;
  const manifest = k.runtimeClass ? toYaml(k.runtimeClass) : '';
  return (
    <div class="kubernetes">
      <p>{k.note}</p>
      {k.runtimeClass ? (
        <>
          <div class="code-head">
            <h4 id="runtime-class-title">RuntimeClass</h4>
            <button
              type="button"
              data-testid="copy-runtime-class"
              onClick={() =>
                void copy(manifest, document.querySelector('[data-testid="runtime-class"]')).then(
                  () => setStatus('RuntimeClass copied.'),
                  (e) => setStatus(describeError(e)),
                )
              }
            >
              Copy RuntimeClass
            </button>
            <span role="status" class="muted">
              {status}
            </span>
          </div>
          <pre data-testid="runtime-class" aria-labelledby="runtime-class-title" tabIndex={0}>
            {manifest}
          </pre>
        </>
      ) : (
        <p>No RuntimeClass: the answer is a VM.</p>
      )}
      <h4 id="pod-spec-title">Pod spec fields</h4>
      <pre aria-labelledby="pod-spec-title" tabIndex={0}>
        {toYaml(k.podSpec)}
      </pre>
    </div>
  );
}

export function Hardening({ result }: { result: Evaluation }) {
  return (
    <ul class="hardening">
      {result.hardening.map((h) => (
        <li key={h.id}>
          <span class={`badge level-${h.level}`}>{h.level}</span> {h.text}
        </li>
      ))}
    </ul>
  );
}

export function Estimates({ result }: { result: Evaluation }) {
  const e = result.estimates;
  return (
    <Scroll label="Estimates table">
      <table class="estimates">
        <caption>
          Per option, sized on its runtime; {e.referenceHost}; memory per instance from the {e.memorySource === 'workload' ? 'workload' : 'matrix default'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Runtime</th>
            <th scope="col">Start-up</th>
            <th scope="col">Meets budget</th>
            <th scope="col">Instances</th>
            <th scope="col">Memory overhead</th>
            <th scope="col">CPU overhead</th>
            <th scope="col">Hosts</th>
          </tr>
        </thead>
        <tbody>
          {e.options.map((o) => (
            <tr key={o.option} class={o.option === result.recommendation ? 'selected' : ''}>
              <th scope="row">{o.option}</th>
              <td>{o.runtime ? runtimeLabel(result, o.runtime) : '–'}</td>
              <td class="num">
                {range(o.startupMs, 'ms')}
                {o.newTenantStartupMs ? <span class="muted sub">new tenant {range(o.newTenantStartupMs, 'ms')}</span> : null}
              </td>
              <td>{o.meetsStartupBudget === null ? 'no budget' : o.meetsStartupBudget ? 'yes' : 'no'}</td>
              <td class="num">
                {o.instancesPlanned}
                {o.tenantVmsPlanned !== undefined ? <span class="muted sub">in {o.tenantVmsPlanned} tenant VMs</span> : null}
              </td>
              <td class="num">{o.memoryOverheadMbTotal >= 1024 ? `${fmt(o.memoryOverheadMbTotal / 1024)} GB` : `${fmt(o.memoryOverheadMbTotal, 0)} MB`}</td>
              <td class="num">{range(o.cpuOverheadPct, '%')}</td>
              <td class="num">
                {o.hostsRunByProvider ? 'none' : o.hostsNeeded}
                {o.hostsRunByProvider ? <span class="muted sub">the provider runs them</span> : null}
                {o.largerHostsNeeded ? <span class="muted sub">larger than the reference host</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

export function Record({ result }: { result: Evaluation }) {
  const [status, setStatus] = useState('');
  if (!result.id) return <p>This answer is a what-if (a dry run) and was not stored. Press Evaluate to store it and get its decision record.</p>;
  const id = result.id;
  const get = (accept: string, name: string) => {
    setStatus('Downloading…');
    download(`/v1/evaluations/${id}`, accept, name).then(
      () => setStatus(`${name} downloaded.`),
      (e) => setStatus(describeError(e)),
    );
  };
  return (
    <div class="record">
      <p>
        Stored record <code data-testid="record-id">{id}</code> (<code>GET /v1/evaluations/{id}</code>), created {result.createdAt}, matrix {result.matrix.version} (checksum <code>{result.matrix.checksum.slice(0, 12)}…</code>).
      </p>
      <div class="actions">
        <button type="button" data-testid="download-adr" onClick={() => get('text/markdown', `adr-${id}.md`)}>
          Download ADR (Markdown)
        </button>
        <button type="button" onClick={() => get('application/json', `evaluation-${id}.json`)}>
          Download record (JSON)
        </button>
        <span role="status" class="muted">
          {status}
        </span>
      </div>
    </div>
  );
}
