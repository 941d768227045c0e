import { marked, type Token, type Tokens } from 'marked';
import { evaluate, normalizeWorkload, renderAdr } from './index.js';
import { loadMatrixVersion } from '../../test/support/factories.js';

const matrix = loadMatrixVersion('2026.2');
const MADR_SECTIONS = ['Context and Problem Statement', 'Decision Drivers', 'Considered Options', 'Decision Outcome', 'Pros and Cons of the Options', 'More Information'];

describe('architecture decision records', () => {
  it.each(matrix.document.examples.map((e) => [e.id, e] as const))('%s renders as a well-formed MADR document', (_id, example) => {
    const workload = normalizeWorkload(example.workload);
    const evaluation = evaluate(matrix, workload);
    const id = '01a2172f-0000-7000-8000-000000000001';
    const markdown = renderAdr({ id, createdAt: '2026-11-26T10:00:00.000Z', workload, evaluation });
    const headings = marked.lexer(markdown).filter((t: Token): t is Tokens.Heading => t.type === 'heading');
    expect(headings.filter((h) => h.depth === 1)).toHaveLength(1);
    expect(headings[0].text).toContain(matrix.document.options[example.expected].label);
    expect(headings.filter((h) => h.depth === 2).map((h) => h.text)).toEqual(MADR_SECTIONS);
    // No empty section: every heading is followed by content before the next heading of the same or a higher level.
    const tokens = marked.lexer(markdown).filter((t) => t.type !== 'space');
    tokens.forEach((t, i) => {
      if (t.type !== 'heading') return;
      const next = tokens[i + 1];
      expect(next).toBeDefined();
      if (next.type === 'heading') expect((next as Tokens.Heading).depth).toBeGreaterThan((t as Tokens.Heading).depth);
    });
    expect(markdown).toContain(id);
    expect(markdown).toContain(evaluation.matrix.checksum);
    expect(markdown).toContain(`Confidence: ${evaluation.confidence.level}`);
    for (const h of evaluation.hardening) expect(markdown).toContain(h.text.slice(0, 30).replace(/([\\`*_[\]<>#|])/g, '\\$1'));
  });

  it('says when the hosts it counts must be larger than the reference host', () => {
    const workload = normalizeWorkload({ name: 'in-memory database', codeTrust: 'vetted-third-party', tenancy: 'single-tenant', workloadType: 'stateful-service', memoryMbPerInstance: 524_288, scale: { instances: 2 } });
    const markdown = renderAdr({ id: 'x', createdAt: '2026-11-26T10:00:00.000Z', workload, evaluation: evaluate(loadMatrixVersion('2026.5'), workload) });
    expect(markdown).toContain('2 larger hosts (one instance outgrows the 32 GB RAM, 16 vCPU server).');
    expect(renderAdr({ id: 'x', createdAt: '2026-11-26T10:00:00.000Z', workload, evaluation: evaluate(matrix, workload) })).not.toContain('larger hosts');
  });

  it('names the runtime only of options that can run the workload, and gives start-up and overhead in readable units', () => {
    const ingress = normalizeWorkload({ name: 'ingress', codeTrust: 'vetted-third-party', tenancy: 'single-tenant', privileges: ['host-network'], orchestration: 'kubernetes', scale: { instances: 3 } });
    const markdown = renderAdr({ id: 'x', createdAt: '2026-11-26T10:00:00.000Z', workload: ingress, evaluation: evaluate(loadMatrixVersion('2026.6'), ingress) });
    const headings = marked.lexer(markdown).filter((t: Token): t is Tokens.Heading => t.type === 'heading' && t.depth === 3);
    expect(headings.map((h) => h.text).slice(-4)).toEqual(['Container (on runc or crun)', 'MicroVM', 'Virtual machine (on KubeVirt)', 'Hybrid (containers in per-tenant VMs) on per-tenant Linux node pools']);
    expect(markdown).toContain('- Starts in 30 s to 60 s, 1.6 GB of overhead in total, 1 host.');
    expect(markdown).toContain('- Starts in 100 ms to 500 ms, 515 MB of overhead in total, 1 host.');
  });

  it('states the tenants and, where the matrix sizes per tenant, the tenant VMs they need', () => {
    const saas = normalizeWorkload({ name: 'per-customer workers', codeTrust: 'first-party', tenancy: 'multi-tenant', compliance: ['hipaa'], scale: { instances: 40, tenants: 30 } });
    const adr = (version: string) => renderAdr({ id: 'x', createdAt: '2026-11-26T10:00:00.000Z', workload: saas, evaluation: evaluate(loadMatrixVersion(version), saas) });
    expect(adr('2026.12')).toContain('- Scale: 40 instances of 30 tenants;');
    expect(adr('2026.12')).toMatch(/of overhead in total across 30 tenant VMs, \d+ hosts?\./);
    expect(adr('2026.11')).not.toContain('across 30 tenant VMs');
  });

  it('keeps markup in a workload name from breaking the document', () => {
    const workload = normalizeWorkload({ name: '# not a heading *bold* [link](x) <b>', codeTrust: 'first-party', tenancy: 'single-tenant' });
    const markdown = renderAdr({ id: 'x', createdAt: '2026-11-26T10:00:00.000Z', workload, evaluation: evaluate(matrix, workload) });
    const tokens = marked.lexer(markdown);
    expect(tokens.filter((t) => t.type === 'heading' && (t as Tokens.Heading).depth === 1)).toHaveLength(1);
    expect(tokens.some((t) => t.type === 'html')).toBe(false);
  });
});
