import fc from 'fast-check';
import { evaluate, normalizeWorkload, type Evaluation, type Workload, type WorkloadInput } from './index.js';
import { placedWorkload } from './pooled-tenants.js';
import { loadMatrixVersion } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';
import { expectSameDecisionsOutside } from '../../test/support/same-decisions.js';

// What four reviews of 2026.19 found in its checklists, pod specs, rules and sentences, stated as
// properties over the whole input space. The estimates' changes (Windows guests' boot, Fargate's
// task sizes, sandboxed pods' own CPU, Kata CoCo's start) have their own spec beside this one.
describe('matrix 2026.20: checklists that hold where the workload runs; root weighed where nothing remaps it', () => {
  const matrix = loadMatrixVersion('2026.20');
  const previous = loadMatrixVersion('2026.19');
  const run = (input: WorkloadInput) => evaluate(matrix, normalizeWorkload(input));
  const ids = (e: Evaluation) => e.hardening.map((h) => h.id);
  const item = (e: Evaluation, id: string) => e.hardening.find((h) => h.id === id);
  const runtimeOf = (e: Evaluation) => e.options.find((o) => o.option === e.recommendation)?.runtime ?? null;
  type PodSpec = { hostUsers?: boolean; nodeSelector?: Record<string, string>; tolerations?: { key: string; value?: string }[] };
  const podSpecOf = (e: Evaluation) => (e.kubernetes?.podSpec ?? {}) as PodSpec;

  /** Where 2026.20 may move a score: root that no user namespace remaps, a Windows guest's boot, Kata CoCo's start, Kata under Docker with privileged mode. */
  const mayMove = (w: Workload) =>
    (w.privileges.includes('root') && (w.gpu !== 'none' || w.privileges.includes('host-devices') || w.privileges.includes('docker-socket') || w.nestedVirtualization)) ||
    w.os === 'windows' ||
    w.confidentialComputing ||
    ((w.orchestration === 'nomad' || w.orchestration === 'none') && (w.privileges.includes('privileged') || w.privileges.includes('docker-socket')));

  it('recommends as 2026.19 did, with the same scores, except where root is not remapped, a start-up figure changed or Kata would run privileged under Docker', () => {
    expectSameDecisionsOutside(matrix, previous, mayMove, { numRuns: 800, compared: 100 });
  });

  it('says, wherever a pod spec sets hostUsers: false, what the field needs to take effect and that admission must keep it', () => {
    let seen = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = run({
          ...input,
          orchestration: 'kubernetes',
          os: 'linux',
          hostAgent: false,
          gpu: 'none',
          nestedVirtualization: false,
          privileges: input.privileges?.filter((p) => !['host-network', 'host-devices', 'docker-socket'].includes(p)),
        });
        if (podSpecOf(result).hostUsers !== false) return;
        seen++;
        const texts = ['user-namespaces', 'user-namespaces-for-root'].map((id) => item(result, id)?.text).filter((t) => t !== undefined);
        expect(texts.length).toBeGreaterThan(0);
        for (const text of texts) {
          expect(text).toContain('Kubernetes 1.33 or later');
          expect(text).toContain('UserNamespacesSupport');
          expect(text).toContain('Linux 6.3 or later');
          expect(text).toContain('Have admission require spec.hostUsers: false');
        }
      }),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(20);
  });

  it('walls tenants apart on the network wherever each has instances of its own: without an orchestrator, and in cloud VMs', () => {
    let seen = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, tenancy: 'multi-tenant', hostAgent: false });
        if (placedWorkload(matrix, workload).pooledTenants !== undefined) return;
        const result = evaluate(matrix, workload);
        if (result.recommendation === null) return;
        const runtime = runtimeOf(result);
        const onHostNetwork = workload.privileges.includes('host-network');
        // Every way a wall between tenants' compute is answered here names the wall between their networks too.
        const expected =
          runtime === 'cloud-vm' ? 'cloud-vms-apart-on-the-network' : runtime === 'kubevirt' || runtime === 'nomad-qemu' ? 'tenant-vms-apart-on-the-network' : result.recommendation !== 'vm' && !onHostNetwork ? 'tenants-apart-on-the-network' : null;
        if (expected === null) return;
        seen++;
        expect(ids(result)).toContain(expected);
        if (workload.orchestration === 'none' && expected === 'tenants-apart-on-the-network') expect(item(result, expected)!.text).toContain('a Docker network or a bridge and tap devices per tenant');
      }),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(150);
  });

  it("tells a Nomad QEMU guest's network by what it is: QEMU's user-mode network from the client's own, filtered on the client", () => {
    const vmOnNomad = (input: WorkloadInput): WorkloadInput => ({ ...input, orchestration: 'nomad', os: 'linux', legacy: true, workloadType: 'monolith', gpu: 'none', privileges: [], confidentialComputing: false, nestedVirtualization: false });
    let seen = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = run(vmOnNomad(input));
        for (const h of result.hardening) expect(h.text).not.toContain('hop limit of 1');
        if (runtimeOf(result) !== 'nomad-qemu') return;
        seen++;
        if (result.recommendation === 'vm' && input.codeTrust === 'untrusted') expect(ids(result)).toEqual(expect.arrayContaining(['untrusted-qemu-task-reaches-nothing']));
        const apart = item(result, 'tenant-vms-apart-on-the-network');
        if (apart) expect(apart.text).toContain("QEMU's user-mode network");
      }),
      { numRuns: 300 },
    );
    expect(seen).toBeGreaterThan(20);
    const untrusted = run({ name: 'customer VMs on Nomad', codeTrust: 'untrusted', tenancy: 'multi-tenant', os: 'windows', windowsHosts: true, orchestration: 'nomad', scale: { instances: 20, tenants: 10 } });
    expect(runtimeOf(untrusted)).toBe('nomad-qemu');
    expect(ids(untrusted)).toEqual(expect.arrayContaining(['untrusted-qemu-task-reaches-nothing', 'tenant-vms-apart-on-the-network']));
    expect(ids(untrusted)).not.toContain('untrusted-vm-reaches-nothing');
  });

  it("gives a pod spec the scheduling its own items ask for: the confidential pool selected, a single tenant's own pool selected and tolerated, rights kept or not", () => {
    let confidential = 0;
    let dedicated = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = run({ ...input, orchestration: 'kubernetes' });
        if (result.recommendation !== 'hybrid') return;
        const spec = podSpecOf(result);
        if (ids(result).includes('confidential-vms')) {
          confidential++;
          expect(spec.nodeSelector?.['placement.dev/confidential']).toBe('true');
        }
        if (ids(result).includes('vms-of-its-own') || ids(result).includes('own-pool-for-its-rights')) {
          dedicated++;
          expect(spec.nodeSelector?.['placement.dev/dedicated-to']).toBe('<workload>');
          expect(spec.tolerations).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'placement.dev/dedicated-to', value: '<workload>' })]));
        }
      }),
      { numRuns: 600 },
    );
    expect(confidential + dedicated).toBeGreaterThan(10);
    const batch = run({ name: 'confidential batch', codeTrust: 'first-party', tenancy: 'single-tenant', confidentialComputing: true, gpu: 'dedicated', workloadType: 'batch', orchestration: 'kubernetes', scale: { instances: 4 } });
    expect(batch.recommendation).toBe('hybrid');
    expect(podSpecOf(batch).nodeSelector).toEqual({ 'placement.dev/confidential': 'true', 'placement.dev/dedicated-to': '<workload>' });
  });

  it('never sends a workload to a runtime that does not fit it: a cloud VM on Kubernetes is said to run outside the pods, never as KubeVirt', () => {
    let seen = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = run({ ...input, orchestration: 'kubernetes' });
        const note = result.kubernetes?.note;
        if (runtimeOf(result) !== 'cloud-vm' || note === undefined) return;
        seen++;
        expect(note).not.toContain('KubeVirt');
        expect(note).toContain("outside the cluster's pods");
      }),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(5);
  });

  it("keeps a Nomad sandbox from being opt-in, and Kata from running privileged under Docker, which hands its guest the host's devices", () => {
    fc.assert(
      fc.property(workloadArb, fc.constantFrom('nomad', 'none'), (input, orchestration) => {
        const workload = normalizeWorkload({ ...input, orchestration });
        const result = evaluate(matrix, workload);
        const sandbox = item(result, 'nomad-sandbox-runtime');
        if (sandbox) expect(sandbox.text).toContain("Docker's default-runtime");
        const kata = result.runtimes.find((r) => r.name === 'kata-containers')!;
        if (workload.privileges.includes('privileged') || workload.privileges.includes('docker-socket')) expect(kata.fits).toBe(false);
      }),
      { numRuns: 300 },
    );
    const ci = run({ name: 'untrusted CI on Nomad', codeTrust: 'untrusted', tenancy: 'single-tenant', orchestration: 'nomad', workloadType: 'batch', privileges: ['privileged'], scale: { instances: 10 } });
    expect(runtimeOf(ci)).not.toBe('kata-containers');
    expect(ci.runtimes.find((r) => r.name === 'kata-containers')!.reason).toContain('privileged_without_host_devices');
    const onKubernetes = run({ name: 'untrusted CI on Kubernetes', codeTrust: 'untrusted', tenancy: 'single-tenant', orchestration: 'kubernetes', workloadType: 'batch', privileges: ['privileged'], scale: { instances: 10 } });
    expect(onKubernetes.runtimes.find((r) => r.name === 'kata-containers')!.fits).toBe(true);
  });

  it("says, wherever hybrid is chosen for a kernel of the workload's own, that the tenant VMs' image carries it", () => {
    let seen = 0;
    fc.assert(
      fc.property(workloadArb, fc.constantFrom('custom-kernel', 'kernel-modules', 'specific-version'), (input, need) => {
        const result = run({ ...input, os: 'linux', hostAgent: false, kernelRequirements: [need] });
        if (result.recommendation !== 'hybrid') return;
        seen++;
        expect(ids(result)).toContain('tenant-vm-kernel');
      }),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(20);
    const drivers = run({ name: 'kernel-bound service', codeTrust: 'first-party', tenancy: 'single-tenant', orchestration: 'kubernetes', kernelRequirements: ['kernel-modules', 'specific-version'], scale: { instances: 6 } });
    expect(drivers.recommendation).toBe('hybrid');
    expect(item(drivers, 'tenant-vm-kernel')!.text).toContain('node pool');
  });

  it('asks for no-new-privileges in every orchestrator, and never asks ECS for a seccomp profile a task definition cannot name', () => {
    fc.assert(
      fc.property(workloadArb, fc.constantFrom('nomad', 'ecs', 'none'), (input, orchestration) => {
        const result = run({ ...input, orchestration });
        const noPrivileged = item(result, 'no-privileged-mode');
        if (noPrivileged) expect(noPrivileged.text).toContain('no-new-privileges');
        const seccomp = item(result, 'syscall-filtering');
        if (seccomp && orchestration === 'ecs') {
          expect(seccomp.text).not.toContain('Apply a seccomp profile');
          expect(seccomp.text).toContain('dockerSecurityOptions takes no seccomp profile');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('weighs root on privilege containment wherever the checklist keeps user namespaces away: GPUs, host devices, the Docker socket, nested virtualisation', () => {
    fc.assert(
      fc.property(workloadArb, fc.constantFrom<Partial<WorkloadInput>>({ gpu: 'dedicated' }, { privileges: ['root', 'host-devices'] }, { privileges: ['root', 'docker-socket'] }, { nestedVirtualization: true }), (input, need) => {
        const privileges = [...new Set(['root', ...(need.privileges ?? [])])] as WorkloadInput['privileges'];
        const result = run({ ...input, ...need, privileges, os: 'linux', hostAgent: false });
        const containment = result.rationale.factors.find((f) => f.criterion === 'privilege-containment')!;
        expect(containment.setBy.map((s) => s.rule)).toContain('runs-as-root');
        expect(ids(result)).not.toContain('user-namespaces-for-root');
      }),
      { numRuns: 200 },
    );
  });

  it('joins the changes of a switch as clauses, never as a list of names', () => {
    let seen = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const summary = run(input).rationale.summary;
        const sentence = /would be recommended instead(?:, by [\d.]+ points?,)? if (.*?)\.(?: [A-Z]|$)/.exec(summary)?.[1];
        if (sentence === undefined) return;
        seen++;
        expect(sentence).not.toContain(' as well as ');
      }),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(25);
  });

  it("keeps a warm pool wherever a VM's boot misses the budget, on the boot of the workload's OS", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const result = evaluate(matrix, workload);
        if (result.recommendation !== 'vm' || workload.startupBudgetMs === undefined) return;
        const estimate = result.estimates.options.find((o) => o.option === 'vm')!;
        const pool = workload.os === 'windows' ? 'windows-warm-pool' : 'warm-pool';
        if (!estimate.meetsStartupBudget) expect(ids(result)).toContain(pool);
        if (workload.os === 'windows') expect(ids(result)).not.toContain('warm-pool');
      }),
      { numRuns: 500 },
    );
    const erp = run({ name: 'erp', codeTrust: 'first-party', tenancy: 'single-tenant', os: 'windows', legacy: true, startupBudgetMs: 90_000 });
    expect(item(erp, 'windows-warm-pool')!.text).toContain('1 to 5 minutes');
  });

  it('names a switch a team can make before one that only makes the facts worse', () => {
    const trust = ['first-party', 'vetted-third-party', 'untrusted'];
    // 0: the team acts on the workload; 1: another way to run it; 2: the facts made worse.
    const distance = ({ field, from, to }: { field: string; from: unknown; to: unknown }): number => {
      if (field === 'codeTrust') return trust.indexOf(to as string) > trust.indexOf(from as string) ? 2 : 0;
      if (field === 'tenancy') return to === 'multi-tenant' ? 2 : 0;
      if (field === 'dedicatedHosts' || field === 'windowsHosts') return to === false ? 2 : 0;
      if (field === 'legacy') return to === true ? 2 : 0;
      if (field === 'startupBudgetMs') return typeof to === 'number' && typeof from === 'number' && to < from ? 2 : 0;
      return field === 'privileges' || field === 'kernelRequirements' ? 0 : 1;
    };
    const farthest = (c: { changes: { field: string; from: unknown; to: unknown }[] }) => Math.max(...c.changes.map(distance));
    let named = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = run(input);
        const said = /([A-Z][^.]*?) would be recommended instead(?:, by ([\d.]+) points?,)? if /.exec(result.rationale.summary);
        if (!said) return;
        const switches = result.counterfactuals.filter((c) => c.kind === 'switch');
        const candidates = switches.filter((c) => result.options.find((o) => o.option === c.option)!.label === said[1] && c.margin === Number(said[2] ?? 0));
        expect(candidates.length).toBeGreaterThan(0);
        const nearest = Math.min(...switches.map(farthest));
        if (nearest < 2) named++;
        expect(Math.min(...candidates.map(farthest))).toBe(nearest);
      }),
      { numRuns: 400 },
    );
    expect(named).toBeGreaterThan(12);
    const ownPool = run({
      name: 'HIPAA store on its own kernel',
      codeTrust: 'first-party',
      tenancy: 'single-tenant',
      compliance: ['hipaa'],
      kernelRequirements: ['custom-kernel'],
      workloadType: 'stateful-service',
      orchestration: 'kubernetes',
      scale: { instances: 20 },
      startupBudgetMs: 500,
    });
    expect(ownPool.recommendation).toBe('hybrid');
    expect(ownPool.rationale.summary).not.toContain('if the code were untrusted');
  });
});
