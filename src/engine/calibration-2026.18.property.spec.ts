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
  /** Whether any hybrid runtime lays the workload out in VMs of another size under 2026.18 than under 2026.17, or it is a host agent, whose VMs are now the nodes it serves. */
  const layoutMoves = (w: Workload) =>
    w.hostAgent ||
    matrix.runtimes.hybrid.some((r) => {
      const placed = placedWorkload(matrix, w);
      const now = tenantVmLayout(matrix.document.estimates, r.figures.tenantVm!, r.figures.memoryOverheadMb, placed);
      const before = tenantVmLayout(previous.document.estimates, r.figures.tenantVm!, r.figures.memoryOverheadMb, placedWorkload(previous, w));
      return now.perVm !== before.perVm;
    });
  /** Items 2026.18 words anew: real-time pods made Guaranteed, root on the host's network told of NET_BIND_SERVICE. */
  const REWORDED = ['realtime-host', 'host-network-pod'];
  const NEW_ITEMS = ['gvisor-oci-seccomp', 'runtime-class-required', 'tenants-apart-on-the-network', 'coco-agent-policy', 'confidential-nodes-trust-the-cluster', 'agent-in-scope'];
  /** An answer as 2026.17 would have written it where its tenant VMs stay the same: hostUsers back in the pod's securityContext, the new items out, hybrid's hosts (now packed VM by VM) and the Hyper-V reason as they were. */
  const as2026_17 = (e: Evaluation, w: Workload) => {
    const podSpec = structuredClone(podSpecOf(e)) as PodSpec & { containers?: { resources?: Record<string, Record<string, string>> }[] };
    // A real-time pod asks for whole cores from 2026.18, so that it is Guaranteed.
    for (const c of podSpec.containers ?? []) {
      for (const side of ['requests', 'limits']) {
        if (!c.resources?.[side]) continue;
        delete c.resources[side].cpu;
        if (Object.keys(c.resources[side]).length === 0) delete c.resources[side];
      }
      if (c.resources && Object.keys(c.resources).length === 0) delete c.resources;
    }
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
      hardening: e.hardening
        .filter((h) => !NEW_ITEMS.includes(h.id) && !(w.hostAgent && h.id === 'segment-in-scope-workloads'))
        .filter((h) => !(windowsAgentOffKubernetes && ['windows-build-match', 'windows-container-user'].includes(h.id)))
        .map((h) => (REWORDED.includes(h.id) ? { ...h, text: '' } : h)),
      podSpec: e.kubernetes ? podSpec : null,
    };
  };

  it('answers as 2026.17 did wherever its tenant VMs keep their size, but for the items it adds and where hostUsers sits', () => {
    let compared = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        // Host agents are answered anew (their VMs are the nodes they serve): the properties below hold them.
        const workload = normalizeWorkload({ ...input, hostAgent: false });
        if (layoutMoves(workload)) return;
        const now = evaluate(matrix, workload);
        const before = evaluate(previous, workload);
        if (workload.orchestration !== 'kubernetes' && [now, before].some((e) => ['firecracker', 'cloud-hypervisor'].includes(e.options.find((o) => o.option === 'microvm')!.runtime!))) return;
        compared++;
        expect(as2026_17(now, workload)).toEqual(as2026_17(before, workload));
      }),
      { numRuns: 600 },
    );
    expect(compared).toBeGreaterThan(200);
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
    // A storage agent on 50 nodes of 5 tenants: a copy in each of 50 VMs, 50 x 513 MB of overhead;
    // its hosts, as for every option, are the 50 nodes it serves.
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
    expect(result.rationale.summary).toContain('It runs a copy in each of the 50 VMs of its 5 tenants, the nodes it serves, so the estimate counts 25 GB of memory overhead in all.');
    // Its VMs are the nodes of the workloads it serves: hybrid is rated on them as in 2026.17.
    expect(result.rationale.summary).not.toContain('rather than 6 on density and cost');
    // One company's node agent under a hardware mandate: the VMs are its nodes, not VMs of its own.
    const mandated = normalizeWorkload({
      name: 'node security agent',
      codeTrust: 'vetted-third-party',
      tenancy: 'single-tenant',
      compliance: ['fedramp'],
      requiresHardwareIsolation: true,
      hostAgent: true,
      privileges: ['privileged', 'host-mounts'],
      scale: { instances: 100 },
      orchestration: 'kubernetes',
    });
    const summary = evaluate(matrix, mandated).rationale.summary;
    expect(summary).toContain('With a single tenant, the VMs are the nodes it serves: it runs a copy in each');
    expect(summary).not.toContain('in VMs no other workload uses');
    expect(evaluate(previous, mandated).rationale.summary).toContain('in VMs no other workload uses');
  });

  it("packs VMs of every size together, and spreads a tenant's instances over its VMs where that needs fewer hosts", () => {
    const hybridOf = (input: Record<string, unknown>) =>
      evaluate(matrix, normalizeWorkload({ name: 'walled SaaS', codeTrust: 'first-party', tenancy: 'multi-tenant', requiresHardwareIsolation: true, orchestration: 'kubernetes', ...input })).estimates.options.find((o) => o.option === 'hybrid')!;
    // Two tenants of 3 and 2 small instances: two small VMs share one host.
    expect(hybridOf({ scale: { instances: 5, tenants: 2 }, memoryMbPerInstance: 256 }).hostsNeeded).toBe(1);
    // 100 pooled instances of 838 MB: 16 to a VM (13,936 MB) fit one to a host, 7 VMs of 14 or 15 (about 13.1 GB) two: 4 hosts.
    expect(hybridOf({ scale: { instances: 100 }, memoryMbPerInstance: 838 }).hostsNeeded).toBe(4);
    // Three tenants of 33-34 instances on MIG, shared across VMs as the VM option shares them (56 slices to a server):
    // VMs of 16, 16 and 1-2 instances, 100 slices, on two 8-GPU servers.
    expect(hybridOf({ gpu: 'shared', gpuSharing: 'mig', scale: { instances: 100, tenants: 3 }, memoryMbPerInstance: 8192 }).hostsNeeded).toBe(2);
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

  it("keeps tenants' workloads apart on the network where each tenant has instances of its own, in its orchestrator's terms", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, tenancy: 'multi-tenant' });
        const result = evaluate(matrix, workload);
        if (result.recommendation === null || result.recommendation === 'vm') return;
        const pooled = placedWorkload(matrix, workload).pooledTenants !== undefined;
        // A network policy does not govern a pod on the host's network, and a host agent runs in the platform's namespace.
        const walled = workload.orchestration !== 'none' && !workload.hostAgent && !workload.privileges.includes('host-network');
        const item = result.hardening.find((h) => h.id === 'tenants-apart-on-the-network');
        expect(item !== undefined).toBe(!pooled && walled);
        if (item) expect(item.text).toContain({ kubernetes: 'NetworkPolicy', nomad: 'Consul service mesh', ecs: 'security groups of their own', none: '' }[workload.orchestration]);
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

  it('rates Firecracker off Kubernetes no higher than a cloud VM on fit with orchestration: nothing maintained starts it for the team', () => {
    const criterion = matrix.criteria.findIndex((c) => c.id === 'orchestration-fit');
    const rating = (id: string) => matrix.runtimes.microvm.find((r) => r.id === id)!;
    const cloudVm = matrix.runtimes.vm.find((r) => r.id === 'cloud-vm')!.ratings[criterion];
    expect(cloudVm).toBe(3);
    for (const id of ['firecracker', 'cloud-hypervisor', 'cloud-hypervisor-windows']) expect(rating(id).ratings[criterion]).toBeLessThanOrEqual(cloudVm);
    expect(previous.runtimes.microvm.find((r) => r.id === 'firecracker')!.ratings[criterion]).toBe(4);
    // On Kubernetes it is a Kata pod, which a RuntimeClass starts.
    expect(rating('firecracker').kubernetesRatings![criterion]).toBe(8);
    const gitlab = normalizeWorkload({ name: 'self-hosted GitLab', codeTrust: 'vetted-third-party', tenancy: 'single-tenant', workloadType: 'monolith', scale: { instances: 1 }, memoryMbPerInstance: 8192, orchestration: 'none' });
    expect(evaluate(previous, gitlab).rationale.summary).toContain('fit with orchestration and delivery (+1.4)');
    expect(evaluate(matrix, gitlab).rationale.summary).not.toContain('on fit with orchestration');
  });

  it('cautions where the answer can start an instance later than the window its burst must be reached in, once, and never under 2026.17', () => {
    let cautioned = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const result = evaluate(matrix, workload);
        if (result.recommendation === null) return;
        const chosen = result.estimates.options.find((o) => o.option === result.recommendation)!;
        const { instances, burstInstances, scaleOutSeconds } = workload.scale;
        const windowMs = (scaleOutSeconds ?? Infinity) * 1000;
        const budgetSaysIt = chosen.meetsStartupBudget === false && workload.startupBudgetMs! <= windowMs;
        const expected = burstInstances !== undefined && burstInstances > instances && chosen.startupMs.max > windowMs && !budgetSaysIt;
        const sentences = result.rationale.summary.match(/in which the burst to \d+ instances must be reached/g) ?? [];
        expect(sentences.length).toBe(expected ? 1 : 0);
        if (expected) cautioned++;
        expect(evaluate(previous, workload).rationale.summary).not.toContain('in which the burst to');
      }),
      { numRuns: 400 },
    );
    expect(cautioned).toBeGreaterThan(5);
    const windowsMonolith = normalizeWorkload({
      name: 'line-of-business app',
      codeTrust: 'first-party',
      tenancy: 'single-tenant',
      os: 'windows',
      workloadType: 'monolith',
      scale: { instances: 10, burstInstances: 40, scaleOutSeconds: 30 },
      memoryMbPerInstance: 2048,
      orchestration: 'none',
    });
    expect(evaluate(matrix, windowsMonolith).rationale.summary).toContain(
      'Caution: Virtual machine can take up to 60 s to start an instance, longer than the 30 s in which the burst to 40 instances must be reached; keep warm capacity for it or widen the window.',
    );
  });

  it("asks for a real-time pod's CPU in whole cores, requests equal to limits, so that the static CPU manager pins it", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, os: 'linux', orchestration: 'kubernetes', kernelRequirements: [...(input.kernelRequirements ?? []), 'realtime'] });
        const result = evaluate(matrix, workload);
        if (!ids(result).includes('realtime-host')) return;
        const resources = (podSpecOf(result).containers?.[0] as { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }).resources!;
        expect(resources.requests!.cpu).toBe('<whole cores>');
        expect(resources.limits!.cpu).toBe(resources.requests!.cpu);
        expect(resources.limits!.memory).toBe(resources.requests!.memory);
      }),
      { numRuns: 300 },
    );
  });

  it('rates hybrid as 2026.17 did: the fill rating reads the walls between tenants and ports, not what makes a VM one node on one host', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const hybrid = (e: Evaluation) => e.options.find((o) => o.option === 'hybrid');
        expect(hybrid(evaluate(matrix, workload))).toEqual(hybrid(evaluate(previous, workload)));
      }),
      { numRuns: 400 },
    );
    // One confidential 8 GB instance: a VM of its own either way, 513 MB against its 8 GB, rated full as in 2026.17.
    const api = normalizeWorkload({ name: 'confidential API', codeTrust: 'first-party', tenancy: 'single-tenant', confidentialComputing: true, orchestration: 'kubernetes', scale: { instances: 1 }, memoryMbPerInstance: 8192 });
    expect(evaluate(matrix, api).recommendation).toBe('hybrid');
  });
});
