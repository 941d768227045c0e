import fc from 'fast-check';
import { evaluate, normalizeWorkload, type Evaluation, type Workload } from './index.js';
import { placedWorkload } from './pooled-tenants.js';
import { tenantVmLayout } from './tenant-vms.js';
import { loadMatrixVersion } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';

// What the reviews of 2026.17 found, stated as properties over the whole input space: a tenant VM
// bigger than any host, a host agent packed sixteen to a VM, hostUsers where the API has no such
// field, and checklists that left a sandbox, a tenant's network or a confidential guest open.
describe('matrix 2026.18: a tenant VM is one node on one host; hostUsers in the pod spec; sandboxes, tenants and confidential guests closed to the paths around their walls', () => {
  const matrix = loadMatrixVersion('2026.18');
  const previous = loadMatrixVersion('2026.17');
  const ids = (e: Evaluation) => e.hardening.map((h) => h.id);
  type PodSpec = { hostUsers?: boolean; runtimeClassName?: string; securityContext?: Record<string, unknown>; containers?: { securityContext?: Record<string, unknown> }[] };
  const podSpecOf = (e: Evaluation) => (e.kubernetes?.podSpec ?? {}) as PodSpec;
  const usableMb = (w: Workload) => {
    const host = w.gpu !== 'none' ? matrix.document.estimates.gpuHost! : matrix.document.estimates.referenceHost;
    return host.memoryMb * host.usableMemoryFraction;
  };
  /** Whether any hybrid runtime lays the workload out in VMs of another size under 2026.18 than under 2026.17. */
  const layoutMoves = (w: Workload) =>
    matrix.runtimes.hybrid.some((r) => {
      const placed = placedWorkload(matrix, w);
      const now = tenantVmLayout(matrix.document.estimates, r.figures.tenantVm!, r.figures.memoryOverheadMb, placed);
      const before = tenantVmLayout(previous.document.estimates, r.figures.tenantVm!, r.figures.memoryOverheadMb, placedWorkload(previous, w));
      return now.perVm !== before.perVm;
    });
  const NEW_ITEMS = ['gvisor-oci-seccomp', 'runtime-class-required', 'tenants-apart-on-the-network', 'coco-agent-policy', 'confidential-nodes-trust-the-cluster', 'agent-in-scope'];
  /** An answer as 2026.17 would have written it where its tenant VMs stay the same: hostUsers back in the pod's securityContext, the new items out, hybrid's hosts (now packed VM by VM) and the Hyper-V reason as they were. */
  const as2026_17 = (e: Evaluation, w: Workload) => {
    const podSpec = structuredClone(podSpecOf(e));
    if (podSpec.hostUsers !== undefined) {
      podSpec.securityContext = { ...(podSpec.securityContext ?? {}), hostUsers: podSpec.hostUsers };
      delete podSpec.hostUsers;
    }
    // Windows host agents off Kubernetes get the Windows container items from 2026.18; regulated host agents no longer get the segmentation item.
    const windowsAgentOffKubernetes = w.os === 'windows' && w.hostAgent && w.orchestration !== 'kubernetes';
    const HYPERV_GPU_NOW = 'Windows assigns GPUs, as every host device, to process-isolated containers only, so a Hyper-V isolated container is given none';
    return {
      recommendation: e.recommendation,
      options: JSON.parse(JSON.stringify(e.options).replaceAll(HYPERV_GPU_NOW, 'its GPU support is DirectX device sharing, not compute passthrough')) as unknown,
      fits: e.runtimes.map((r) => [r.name, r.fits]),
      estimates: e.estimates.options.map((o) => (o.option === 'hybrid' ? { ...o, hostsNeeded: null } : o)),
      hardening: e.hardening.filter((h) => !NEW_ITEMS.includes(h.id) && !(w.hostAgent && h.id === 'segment-in-scope-workloads')).filter((h) => !(windowsAgentOffKubernetes && ['windows-build-match', 'windows-container-user'].includes(h.id))),
      podSpec: e.kubernetes ? podSpec : null,
    };
  };

  it('answers as 2026.17 did wherever its tenant VMs keep their size, but for the items it adds and where hostUsers sits', () => {
    let compared = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        if (layoutMoves(workload)) return;
        compared++;
        const now = evaluate(matrix, workload);
        const before = evaluate(previous, workload);
        expect(as2026_17(now, workload)).toEqual(as2026_17(before, workload));
      }),
      { numRuns: 500 },
    );
    expect(compared).toBeGreaterThan(250);
  });

  it('never plans a tenant VM larger than one host, in memory or in GPUs, and counts hosts for whole VMs', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const placed = placedWorkload(matrix, workload);
        const result = evaluate(matrix, workload);
        const hybrid = result.estimates.options.find((o) => o.option === 'hybrid')!;
        const runtime = matrix.runtimes.hybrid.find((r) => r.id === hybrid.runtime)!;
        const tenantVm = runtime.figures.tenantVm!;
        const layout = tenantVmLayout(matrix.document.estimates, tenantVm, runtime.figures.memoryOverheadMb, placed);
        const instanceMb = hybrid.memoryMbPerInstance + runtime.figures.memoryOverheadMb;
        // One instance larger than a host gets a larger host; otherwise a full VM fits on one.
        if (layout.perVm > 1) expect(layout.perVm * instanceMb + tenantVm.memoryOverheadMb).toBeLessThanOrEqual(usableMb(workload));
        if (workload.gpu !== 'none') {
          const gpuHost = matrix.document.estimates.gpuHost!;
          const perGpu = gpuHost.instancesPerGpu[workload.gpu === 'dedicated' ? 'dedicated' : (workload.gpuSharing ?? 'time-slicing')];
          expect(layout.perVm).toBeLessThanOrEqual(gpuHost.gpus * perGpu);
        }
        // Hosts hold at least the memory planned, VMs and all.
        if (!hybrid.largerHostsNeeded) expect(hybrid.hostsNeeded * usableMb(workload)).toBeGreaterThanOrEqual(hybrid.instancesPlanned * hybrid.memoryMbPerInstance + hybrid.memoryOverheadMbTotal - 1e-6);
        if (hybrid.tenantVmsPlanned !== undefined) expect(hybrid.tenantVmsPlanned).toBe(layout.vms);
      }),
      { numRuns: 500 },
    );
  });

  it('runs a host agent once in each tenant VM, since each is a node it serves', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, hostAgent: true });
        const hybrid = evaluate(matrix, workload).estimates.options.find((o) => o.option === 'hybrid')!;
        const runtime = matrix.runtimes.hybrid.find((r) => r.id === hybrid.runtime)!;
        const layout = tenantVmLayout(matrix.document.estimates, runtime.figures.tenantVm!, runtime.figures.memoryOverheadMb, placedWorkload(matrix, workload));
        expect(layout.vms).toBe(hybrid.instancesPlanned);
        if (hybrid.tenantVmsPlanned !== undefined) expect(hybrid.tenantVmsPlanned).toBe(hybrid.instancesPlanned);
      }),
      { numRuns: 200 },
    );
  });

  it('works out a regulated service whose tenants each outgrow one host, and a host agent across tenants, as by hand', () => {
    // 800 instances of 2,048 MB at peak for 50 tenants: 16 each. A 32 GB host gives 27,852.8 MB,
    // so a VM with 512 MB of its own holds floor(27,340.8 / 2,049) = 13 instances: each tenant gets
    // a VM of 13 and one of 3, 100 VMs and 800 + 100 x 512 = 52,000 MB of overhead. The 50 VMs of 13
    // (27,149 MB) take a host each; the 50 of 3 (6,659 MB) go 4 to a host, 13 more: 63 hosts.
    const regulated = normalizeWorkload({
      name: 'claims API',
      codeTrust: 'vetted-third-party',
      tenancy: 'multi-tenant',
      compliance: ['hipaa'],
      scale: { instances: 400, burstInstances: 800, tenants: 50 },
      memoryMbPerInstance: 2048,
      orchestration: 'nomad',
    });
    const now = evaluate(matrix, regulated).estimates.options.find((o) => o.option === 'hybrid')!;
    expect(now).toMatchObject({ tenantVmsPlanned: 100, memoryOverheadMbTotal: 52_000, hostsNeeded: 63 });
    expect(evaluate(previous, regulated).estimates.options.find((o) => o.option === 'hybrid')).toMatchObject({ tenantVmsPlanned: 50, hostsNeeded: 62 });
    // A storage agent on 50 nodes of 5 tenants: 50 VMs, one copy in each, 50 x (1 + 512) + ... MB.
    const agent = normalizeWorkload({
      name: 'csi node plugin',
      codeTrust: 'vetted-third-party',
      tenancy: 'multi-tenant',
      hostAgent: true,
      privileges: ['host-mounts'],
      scale: { instances: 50, tenants: 5 },
      memoryMbPerInstance: 256,
      orchestration: 'kubernetes',
    });
    const result = evaluate(matrix, agent);
    expect(result.estimates.options.find((o) => o.option === 'hybrid')).toMatchObject({ tenantVmsPlanned: 50, memoryOverheadMbTotal: 50 * 513, hostsNeeded: 50 });
    expect(result.rationale.summary).toContain('Its 50 tenant VMs hold one instance each, so hybrid is rated 2 rather than 6 on density and cost.');
  });

  it('says one tenant VM in the singular', () => {
    const one = normalizeWorkload({ name: 'single-customer PCI service', codeTrust: 'first-party', tenancy: 'multi-tenant', compliance: ['pci-dss'], scale: { instances: 2, tenants: 1 }, memoryMbPerInstance: 1024, orchestration: 'kubernetes' });
    const result = evaluate(matrix, one);
    expect(result.rationale.summary).toContain('Its one tenant VM holds 2 instances, so hybrid is rated');
    expect(result.rationale.summary).not.toMatch(/\b1 tenant VMs\b/);
  });

  it('writes hostUsers on the pod spec, where the API defines it, never in its securityContext', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = evaluate(matrix, normalizeWorkload({ ...input, orchestration: 'kubernetes' }));
        const podSpec = podSpecOf(result);
        expect(podSpec.securityContext ?? {}).not.toHaveProperty('hostUsers');
        const userNamespaces = ids(result).some((id) => id === 'user-namespaces' || id === 'user-namespaces-for-root');
        expect(podSpec.hostUsers === false).toBe(userNamespaces);
      }),
      { numRuns: 400 },
    );
  });

  it('makes admission hold every sandboxed pod to its RuntimeClass, and has gVisor load the seccomp profile it is given', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = evaluate(matrix, normalizeWorkload({ ...input, os: 'linux' }));
        if (result.recommendation !== 'microvm') return;
        const runtime = result.options.find((o) => o.option === 'microvm')!.runtime;
        const onKubernetes = input.orchestration === 'kubernetes';
        const byRuntimeClass = onKubernetes && podSpecOf(result).runtimeClassName !== undefined;
        expect(ids(result).includes('runtime-class-required')).toBe(byRuntimeClass);
        if (runtime === 'gvisor') expect(ids(result).includes('gvisor-oci-seccomp')).toBe(ids(result).includes('syscall-filtering'));
      }),
      { numRuns: 400 },
    );
  });

  it("keeps tenants' pods apart on the network where each tenant has pods of its own, not where they share instances", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, tenancy: 'multi-tenant', orchestration: 'kubernetes' });
        const result = evaluate(matrix, workload);
        if (result.recommendation === null || result.recommendation === 'vm') return;
        const pooled = placedWorkload(matrix, workload).pooledTenants !== undefined;
        expect(ids(result).includes('tenants-apart-on-the-network')).toBe(!pooled);
      }),
      { numRuns: 400 },
    );
  });

  it('closes the paths around a confidential guest: the Kata agent policy, and the cluster a confidential node trusts', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, confidentialComputing: true });
        const result = evaluate(matrix, workload);
        const runtime = result.options.find((o) => o.option === result.recommendation)?.runtime;
        expect(ids(result).includes('coco-agent-policy')).toBe(runtime === 'kata-coco' && workload.orchestration === 'kubernetes');
        expect(ids(result).includes('confidential-nodes-trust-the-cluster')).toBe(result.recommendation === 'hybrid' && workload.orchestration !== 'none');
      }),
      { numRuns: 300 },
    );
  });

  it('puts a regulated host agent in scope rather than on nodes of its own, and hardens a Windows agent off Kubernetes as the container it is there', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, hostAgent: true });
        const result = evaluate(matrix, workload);
        if (result.recommendation !== 'container' && result.recommendation !== 'hybrid') return;
        expect(ids(result)).not.toContain('segment-in-scope-workloads');
        const regulated = workload.compliance.some((c) => ['pci-dss', 'hipaa', 'fedramp'].includes(c));
        expect(ids(result).includes('agent-in-scope')).toBe(regulated);
        if (workload.os === 'windows' && workload.orchestration !== 'kubernetes') expect(ids(result)).toContain('windows-build-match');
      }),
      { numRuns: 300 },
    );
  });

  it('says Hyper-V isolation gives a container no GPU at all', () => {
    const result = evaluate(matrix, normalizeWorkload({ name: 'DirectX video analytics', codeTrust: 'first-party', tenancy: 'single-tenant', os: 'windows', windowsHosts: true, gpu: 'shared', gpuSharing: 'time-slicing', scale: { instances: 8 } }));
    const hyperv = result.runtimes.find((r) => r.name === 'hyperv-isolation')!;
    expect(hyperv.fits).toBe(false);
    expect(hyperv.reason).toContain('Windows assigns GPUs, as every host device, to process-isolated containers only');
    expect(hyperv.reason).not.toContain('DirectX device sharing');
  });
});
