import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import '../explorer.css';
import { Estimates, Factors, Hardening, Headline, Kubernetes, Record, Runtimes } from './answer.js';
import { api, ApiError, describeError, storedKey, storeKey } from './api.js';
import { ScoreChart } from './charts.js';
import { fieldId, WorkloadFields } from './form.js';
import { Matrices } from './matrices.js';
import { workloadFields, type Field, type OpenApiDocument } from './schema.js';
import type { Counterfactual, Evaluation, MatrixSummary, MatrixView } from './types.js';
import { BudgetStrip, Counterfactuals, Moved, Sliders, STRIP_BUDGETS, type StripCell, type WhatIfStep } from './whatif.js';
import { allPaths, applyChanges, display, fieldForError, getPath, requestBody, setPath, type Values } from './workload.js';

const DEBOUNCE_MS = 400;

function App() {
  const [keyDraft, setKeyDraft] = useState(storedKey());
  const [connection, setConnection] = useState<{ state: 'none' | 'busy' | 'ok' | 'error'; message: string }>({ state: 'none', message: 'Enter an API key to start.' });
  const [fields, setFields] = useState<Field[]>([]);
  const [schemaError, setSchemaError] = useState('');
  const [matrix, setMatrix] = useState<MatrixView | null>(null);
  const [versions, setVersions] = useState<MatrixSummary[]>([]);
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState('');
  const [result, setResult] = useState<Evaluation | null>(null);
  const [step, setStep] = useState<WhatIfStep | null>(null);
  const [strip, setStrip] = useState<StripCell[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [example, setExample] = useState('');
  /** The body behind the answer on screen, to tell when the form has moved on from it. */
  const [answered, setAnswered] = useState('');

  // Async work reads the latest state, not the render it started from.
  const latest = useRef({ values, fields, result });
  latest.current = { values, fields, result };
  const sequence = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    api<OpenApiDocument>('/docs-json', { anonymous: true }).then(
      (doc) => setFields(workloadFields(doc)),
      (e) => setSchemaError(`The request schema could not be read from /docs-json: ${describeError(e)}`),
    );
    if (storedKey()) void connect();
  }, []);

  async function connect() {
    setConnection({ state: 'busy', message: 'Connecting…' });
    try {
      const [active, list] = await Promise.all([api<MatrixView>('/v1/matrices/active'), api<{ items: MatrixSummary[] }>('/v1/matrices')]);
      setMatrix(active);
      setVersions(list.items);
      setConnection({ state: 'ok', message: `Connected. Matrix ${active.version} is active.` });
    } catch (e) {
      setMatrix(null);
      setConnection({ state: 'error', message: e instanceof ApiError && e.status === 401 ? 'The service does not accept this key.' : describeError(e) });
    }
  }

  const onKey = (e: Event) => {
    e.preventDefault();
    storeKey(keyDraft.trim());
    void connect();
  };
  const forgetKey = () => {
    storeKey('');
    setKeyDraft('');
    setMatrix(null);
    setVersions([]);
    setConnection({ state: 'none', message: 'Key forgotten.' });
  };

  const loadExample = (id: string) => {
    setExample(id);
    const found = matrix?.document.examples?.find((x) => x.id === id);
    if (!found) return;
    setValues(structuredClone(found.workload));
    setErrors({});
    setFormError('');
    setAnnouncement(`Loaded example ${found.description}; the matrix expects ${found.expected}.`);
  };

  const onField = (path: string, value: unknown) => {
    setValues((v) => setPath(v, path, value));
    if (errors[path]) setErrors(({ [path]: _, ...rest }) => rest);
  };

  /** Evaluates the current form (stored, or a dry run for what-ifs) and shows the problems next to their fields. */
  async function evaluate(options: { dryRun: boolean; label?: string; promised?: WhatIfStep['promised']; values?: Values }) {
    const { fields: f, result: before } = latest.current;
    const input = options.values ?? latest.current.values;
    const seq = ++sequence.current;
    setBusy(true);
    try {
      const body = requestBody(f, input);
      const answer = await api<Evaluation>(`/v1/evaluations${options.dryRun ? '?dryRun=true' : ''}`, { method: 'POST', body });
      if (seq !== sequence.current) return;
      setErrors({});
      setFormError('');
      setStep(options.label && before ? { label: options.label, before, promised: options.promised } : null);
      setResult(answer);
      setAnswered(JSON.stringify(body));
      // After an explicit Evaluate the answer is where attention goes (below the form on a phone).
      if (!options.dryRun) requestAnimationFrame(() => document.getElementById('answer-title')?.focus());
      setAnnouncement(`Recommendation ${answer.recommendation ?? 'none'}, confidence ${answer.confidence?.level ?? 'unknown'}${options.dryRun ? ' (what-if, not stored)' : ''}.`);
      void refreshStrip(body, seq);
    } catch (e) {
      if (seq !== sequence.current) return;
      showProblem(e, f);
    } finally {
      if (seq === sequence.current) setBusy(false);
    }
  }

  function showProblem(e: unknown, f: Field[]) {
    const problem = e instanceof ApiError ? e.problem : undefined;
    const paths = allPaths(f);
    const byField: Record<string, string[]> = {};
    const loose: string[] = [];
    for (const err of problem?.errors ?? []) {
      const path = fieldForError(err.path, paths);
      if (path) (byField[path] ??= []).push(err.message);
      else loose.push(err.message);
    }
    setErrors(byField);
    setFormError(loose.length || !problem?.errors?.length ? [problem ? `${problem.title}.` : describeError(e), ...loose].join(' ') : `${problem.title}: see the fields marked below.`);
    setAnnouncement(`The request was refused: ${problem?.detail ?? describeError(e)}`);
    const first = Object.keys(byField)[0];
    // Focus goes to the first field the API named, so a keyboard user lands on the problem.
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus() ?? document.querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] select`)?.focus());
  }

  /** The recommendation at a handful of start-up budgets, in one dry-run batch. */
  async function refreshStrip(body: Values, seq: number) {
    try {
      const workloads = STRIP_BUDGETS.map((b) => setPath(body, 'startupBudgetMs', b ?? undefined));
      const answer = await api<{ items: Evaluation[] }>('/v1/evaluations/batch?dryRun=true', { method: 'POST', body: { workloads } });
      if (seq === sequence.current) setStrip(answer.items.map((item, i) => ({ budget: STRIP_BUDGETS[i] ?? null, recommendation: item.recommendation })));
    } catch {
      if (seq === sequence.current) setStrip(null);
    }
  }

  const applyCounterfactual = (c: Counterfactual) => {
    const next = applyChanges(latest.current.values, c.changes);
    setValues(next);
    void evaluate({ dryRun: true, values: next, label: c.changes.map((ch) => `${ch.field} → ${Array.isArray(ch.to) ? ch.to.join(', ') || 'none' : display(ch.to)}`).join(', '), promised: { option: c.option, margin: c.margin } });
  };

  /** Sliders and strip: change one value, re-evaluate as a dry run once the hand stops. */
  const whatIf = (path: string, value: unknown, immediate = false) => {
    const next = setPath(latest.current.values, path, value);
    setValues(next);
    clearTimeout(timer.current);
    const run = () => void evaluate({ dryRun: true, values: next, label: `${path} → ${value === undefined ? 'unset' : display(value)}` });
    if (immediate) run();
    else timer.current = setTimeout(run, DEBOUNCE_MS);
  };

  const examples = matrix?.document.examples ?? [];
  const stale = result !== null && fields.length > 0 && JSON.stringify(requestBody(fields, values)) !== answered;
  const instances = Number(getPath(values, 'scale.instances') ?? 1) || 1;
  const budgetValue = getPath(values, 'startupBudgetMs');
  const budget = budgetValue === undefined || budgetValue === '' ? undefined : Number(budgetValue);

  return (
    <>
      <a class="skip" href="#workload-title">
        Skip to the workload
      </a>
      <header class="top">
        <h1>Placement decision explorer</h1>
        <p class="matrix">
          Active matrix <strong data-testid="matrix-version">{matrix?.version ?? '–'}</strong>
          {matrix?.document.title ? <span class="muted"> · {matrix.document.title}</span> : null}
        </p>
        <p class="links">
          <a href="/docs">API documentation (Swagger UI)</a>
        </p>
      </header>
      <main>
        <section class="panel key-panel" aria-labelledby="key-title">
          <h2 id="key-title" class="visually-hidden">
            API key
          </h2>
          <form class="inline-form" onSubmit={onKey}>
            <div class="field">
              <label for="api-key">API key (kept for this tab only)</label>
              <input id="api-key" data-testid="key-input" type="password" autoComplete="off" spellcheck={false} value={keyDraft} onInput={(e) => setKeyDraft(e.currentTarget.value)} aria-describedby="key-status" />
            </div>
            <button type="submit" disabled={!keyDraft.trim()}>
              Connect
            </button>
            <button type="button" class="secondary" onClick={forgetKey}>
              Forget key
            </button>
          </form>
          <p id="key-status" class={`status status-${connection.state}`} role="status">
            {connection.message}
          </p>
        </section>

        <div class="layout">
          <section class="panel workload" aria-labelledby="workload-title">
            <h2 id="workload-title" tabIndex={-1}>
              Workload
            </h2>
            <div class="field">
              <label for="example">Load an example from matrix {matrix?.version ?? ''}</label>
              <select id="example" data-testid="example-select" value={example} disabled={!examples.length} onChange={(e) => loadExample(e.currentTarget.value)}>
                <option value="">{examples.length ? 'Choose an example…' : 'Connect to load examples'}</option>
                {examples.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.description} (expect {x.expected})
                  </option>
                ))}
              </select>
            </div>
            {schemaError ? (
              <p class="form-error" role="alert">
                {schemaError}
              </p>
            ) : null}
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                clearTimeout(timer.current);
                void evaluate({ dryRun: false });
              }}
            >
              {formError ? (
                <p class="form-error" role="alert" data-testid="form-error">
                  {formError}
                </p>
              ) : null}
              <WorkloadFields fields={fields} values={values} errors={errors} onChange={onField} />
              <div class="submit-bar">
                <button type="submit" class="primary" data-testid="evaluate-button" disabled={busy || !fields.length}>
                  Evaluate and store
                </button>
                {busy ? <span class="muted">Evaluating…</span> : null}
              </div>
            </form>
          </section>

          <section class="panel answer" aria-labelledby="answer-title" aria-busy={busy ? 'true' : 'false'}>
            <h2 id="answer-title" tabIndex={-1}>
              Answer
            </h2>
            {result ? (
              <>
                {stale ? (
                  <p class="stale" data-testid="stale">
                    The form has changed since this answer: press Evaluate, or use a what-if below.
                  </p>
                ) : null}
                <Headline result={result} stored={Boolean(result.id)} />
                <h3>Scores</h3>
                <ScoreChart result={result} />
                <h3>What would change it</h3>
                {step ? <Moved step={step} after={result} /> : null}
                <Counterfactuals result={result} busy={busy} onApply={applyCounterfactual} />
                <Sliders instances={instances} budget={budget} onSet={(path, value) => whatIf(path, value)} />
                {strip ? <BudgetStrip cells={strip} current={budget} busy={busy} onPick={(b) => whatIf('startupBudgetMs', b ?? undefined, true)} /> : null}
                <h3>Why</h3>
                <p class="summary" data-testid="rationale">
                  {result.rationale.summary}
                </p>
                {result.currentPlacement ? (
                  <p>
                    Runs today as {result.currentPlacement.option}: <strong>{result.currentPlacement.status}</strong>, {result.currentPlacement.reason}
                  </p>
                ) : null}
                <h3>Which criteria carried it</h3>
                <Factors result={result} formPaths={allPaths(fields)} />
                <h3>Runtimes</h3>
                <Runtimes result={result} />
                <h3>Kubernetes</h3>
                <Kubernetes result={result} />
                <h3>Hardening checklist</h3>
                <Hardening result={result} />
                <h3>Estimates</h3>
                <Estimates result={result} />
                <h3>Decision record</h3>
                <Record result={result} />
              </>
            ) : (
              <p class="muted">Fill in the workload (or load an example) and press Evaluate.</p>
            )}
          </section>
        </div>

        <section class="panel" aria-labelledby="matrices-title">
          <h2 id="matrices-title">Matrix versions</h2>
          {versions.length ? <Matrices versions={versions} /> : <p class="muted">Connect to compare matrix versions.</p>}
        </section>
      </main>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}

render(<App />, document.getElementById('app')!);
