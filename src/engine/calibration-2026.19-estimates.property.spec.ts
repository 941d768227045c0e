import fc from 'fast-check';
import { evaluate, loadMatrix, normalizeWorkload, type LoadedMatrix, type OptionEstimate, type PlacementOption, type Workload, type WorkloadInput } from './index.js';
import { decide } from './decide.js';
import { estimateOptions } from './estimates.js';
import { placedWorkload } from './pooled-tenants.js';
import { tenantVmLayout } from './tenant-vms.js';
import { loadMatrixVersion, readMatrixDocument } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';

// What the reviews of 2026.18's estimates found: tenant VMs filled to the most one host holds, two of
// which just miss sharing a host, so that hybrid counted a host for nearly every VM and counted fewer
// hosts for more instances; and sandboxed pods counted by memory alone, where the scheduler adds each
// RuntimeClass's podFixed CPU to the pod's requests.
describe('matrix 2026.19: tenant VMs sized to pack, and the pods a node admits by their podFixed CPU', () => {
  const matrix = loadMatrixVersion('2026.19');
  const previous = loadMatrixVersion('2026.18');
  /** 2026.18 with nothing of 2026.19 but its two estimate flags and the reference host's vCPUs: what they change, whatever else 2026.19 changes. */
  const withFlags = (edit: (estimates: Record<string, any>) => void = () => {}): LoadedMatrix => {
    const document = readMatrixDocument('2026.18');
    document.version = '2026.18-sized';
    document.estimates.referenceHost.vcpus = 16;
    document.estimates.tenantVmsSizedToPack = true;
    document.estimates.podCpuOverheadOnKubernetes = true;
    edit(document.estimates);
    return loadMatrix(document);
  };
  const flagged = withFlags();
  const estimateOf = (m: LoadedMatrix, workload: Workload, option: PlacementOption) => evaluate(m, workload).estimates.options.find((o) => o.option === option)!;
  const usableMb = (m: LoadedMatrix, w: Workload) => {
    const host = w.gpu !== 'none' ? m.document.estimates.gpuHost! : m.document.estimates.referenceHost;
    return host.memoryMb * host.usableMemoryFraction;
  };
  const runtimeOf = (m: LoadedMatrix, estimate: OptionEstimate) => m.runtimes[estimate.option].find((r) => r.id === estimate.runtime)!;
  /** The pods a reference host of 16 vCPUs admits when each carries its RuntimeClass's podFixed CPU, counted here in millicores. */
  const podCpuBound = (m: LoadedMatrix, w: Workload, estimate: OptionEstimate) => {
    const cpu = runtimeOf(m, estimate).kubernetes?.overhead?.cpu;
    if (cpu === undefined || w.orchestration !== 'kubernetes' || w.gpu !== 'none') return 0;
    const millicores = cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000;
    return Math.ceil(estimate.instancesPlanned / Math.floor(16_000 / millicores));
  };
  const hybridWorkload = (input: Partial<WorkloadInput> & { scale: WorkloadInput['scale'] }) =>
    normalizeWorkload({ name: 'fedramp-api', codeTrust: 'first-party', tenancy: 'single-tenant', requiresHardwareIsolation: true, compliance: ['fedramp'], orchestration: 'kubernetes', ...input });
  /** A workload without a burst, so that its instances are the ones stated, a fleet small enough to sit on a handful of hosts as often as not. */
  const steadyArb = fc.tuple(workloadArb, fc.oneof(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 5000 })), fc.oneof(fc.integer({ min: 64, max: 4096 }), fc.integer({ min: 1, max: 65536 })));
  const steady = (input: WorkloadInput, instances: number, memoryMbPerInstance: number, tenancy: Partial<WorkloadInput>, tenants?: number): WorkloadInput => ({
    ...input,
    ...tenancy,
    scale: { instances, ...(tenants !== undefined ? { tenants } : {}) },
    memoryMbPerInstance,
  });

  describe('worked by hand', () => {
    it('packs 192 instances of 838 MB on 7 hosts, 96 on 4, and never fewer hosts for more instances', () => {
      // An instance is 838 + 1 MB. A VM of 16 (13,936 MB with its 512) fits a 32 GB host's 27,852.8 MB
      // once, two just miss; VMs of 15 (13,097 MB) fit two to a host, and so do a VM of 16 and one of
      // 15 (31 instances, 27,033 MB). So 192 need ceil(192 / 31) = 7 hosts, in 13 VMs (six hosts of 15
      // and 16, or of 15 and 15, and one VM more): 192 + 13 x 512 = 6,848 MB of overhead.
      expect(estimateOf(matrix, hybridWorkload({ scale: { instances: 192 }, memoryMbPerInstance: 838 }), 'hybrid')).toMatchObject({ hostsNeeded: 7, memoryOverheadMbTotal: 6848 });
      // 96: three hosts of 31 and the last 3 in a VM of their own, 7 VMs: 96 + 7 x 512 = 3,680 MB.
      expect(estimateOf(matrix, hybridWorkload({ scale: { instances: 96 }, memoryMbPerInstance: 838 }), 'hybrid')).toMatchObject({ hostsNeeded: 4, memoryOverheadMbTotal: 3680 });
      expect(estimateOf(matrix, hybridWorkload({ scale: { instances: 97 }, memoryMbPerInstance: 838 }), 'hybrid').hostsNeeded).toBe(4);
      expect(estimateOf(matrix, hybridWorkload({ scale: { instances: 193 }, memoryMbPerInstance: 838 }), 'hybrid').hostsNeeded).toBe(7);
      // 2026.18 filled VMs to 16: a host for each, and fewer hosts for 97 instances than for 96.
      expect(estimateOf(previous, hybridWorkload({ scale: { instances: 192 }, memoryMbPerInstance: 838 }), 'hybrid').hostsNeeded).toBe(12);
      expect(estimateOf(previous, hybridWorkload({ scale: { instances: 96 }, memoryMbPerInstance: 838 }), 'hybrid').hostsNeeded).toBe(6);
      expect(estimateOf(previous, hybridWorkload({ scale: { instances: 97 }, memoryMbPerInstance: 838 }), 'hybrid').hostsNeeded).toBe(4);
    });

    it('packs 2,000 instances of 1,024 MB two VMs of 13 to a host: 77 hosts', () => {
      // An instance is 1,025 MB: a VM of 13 is 13,837 MB, two are 27,674 MB, under 27,852.8; 26 to a
      // host, so ceil(2,000 / 26) = 77 hosts, in ceil(2,000 / 13) = 154 VMs: 2,000 + 154 x 512 = 80,848 MB.
      const workload = hybridWorkload({ compliance: [], scale: { instances: 2000 }, memoryMbPerInstance: 1024 });
      expect(estimateOf(matrix, workload, 'hybrid')).toMatchObject({ hostsNeeded: 77, memoryOverheadMbTotal: 80_848 });
      expect(estimateOf(previous, workload, 'hybrid')).toMatchObject({ hostsNeeded: 125, memoryOverheadMbTotal: 66_000 });
    });

    it("counts Kata pods at 64 to a 16-vCPU node, each carrying the RuntimeClass's 250m", () => {
      const fn = normalizeWorkload({ name: 'fn', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'function', orchestration: 'kubernetes', scale: { instances: 1000 }, memoryMbPerInstance: 64 });
      const result = evaluate(matrix, fn);
      expect(result.recommendation).toBe('microvm');
      // Memory and the 110 pods a node runs would allow 10 hosts; 16 vCPUs / 0.25 = 64 pods: ceil(1,000 / 64) = 16.
      expect(result.estimates.options.find((o) => o.option === 'microvm')).toMatchObject({ runtime: 'kata-containers', hostsNeeded: 16 });
      expect(estimateOf(previous, fn, 'microvm')).toMatchObject({ runtime: 'kata-containers', hostsNeeded: 10 });
    });

    it('bounds a confidential guest at 16 pods to a 16-vCPU node, though its 2 GiB of podFixed memory binds first on the reference host', () => {
      const batch = normalizeWorkload({ name: 'coco', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'batch', confidentialComputing: true, orchestration: 'kubernetes', scale: { instances: 200 }, memoryMbPerInstance: 256 });
      const result = evaluate(matrix, batch);
      expect(result.recommendation).toBe('microvm');
      const coco = result.estimates.options.find((o) => o.option === 'microvm')!;
      // 256 + 2,147.5 MB a pod: 11 to a host by memory, 19 hosts; 16 to a host by CPU would be 13.
      expect(coco).toMatchObject({ runtime: 'kata-coco', hostsNeeded: 19 });
      expect(coco.hostsNeeded).toBeGreaterThanOrEqual(Math.ceil(200 / 16));
      // On a host with memory to spare, the CPU binds: a 256 GB host with 16 vCPUs and 1,000 pods a node.
      const roomy = withFlags((e) => {
        e.referenceHost.memoryMb = 262_144;
        e.podsPerNodeOnKubernetes = 1000;
      });
      const placed = placedWorkload(roomy, { ...batch, scale: { instances: 1000 }, memoryMbPerInstance: 64 });
      const selected = decide(roomy, placed).selected;
      const microvm = (id: string) => estimateOptions(roomy, placed, { ...selected, microvm: roomy.runtimes.microvm.find((r) => r.id === id)! })[1].hostsNeeded;
      // cpu "1": 16 pods a node; "250m": 64; "100m" (gVisor): 160. Their densities (100, 100, 200 a host) and memory allow more.
      expect(microvm('kata-coco')).toBe(Math.ceil(1000 / 16));
      expect(microvm('kata-containers')).toBe(Math.ceil(1000 / 64));
      expect(microvm('gvisor')).toBe(Math.ceil(1000 / 160));
    });

    it('leaves the GPU server, which states no vCPUs, unbounded by pod CPU', () => {
      const trainer = normalizeWorkload({ name: 'trainer', codeTrust: 'untrusted', tenancy: 'multi-tenant', gpu: 'dedicated', orchestration: 'kubernetes', scale: { instances: 1000 }, memoryMbPerInstance: 64 });
      const sandboxed = estimateOf(flagged, trainer, 'microvm');
      expect(runtimeOf(flagged, sandboxed).kubernetes?.overhead?.cpu).toBeDefined();
      expect(sandboxed).toEqual(estimateOf(previous, trainer, 'microvm'));
    });
  });

  it('never counts more hybrid hosts than 2026.18, and the same wherever 2026.18 already counted as few as its memory, density, GPUs and agents allow', () => {
    let fewer = 0;
    let same = 0;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const now = estimateOf(matrix, workload, 'hybrid');
        const before = estimateOf(previous, workload, 'hybrid');
        if (now.runtime !== before.runtime) return;
        expect(now.hostsNeeded).toBeLessThanOrEqual(before.hostsNeeded);
        if (now.hostsNeeded < before.hostsNeeded) fewer++;
        // Bounds no layout escapes: every layout plans at least 2026.18's VMs and packs whole VMs within each host's memory.
        const placed = placedWorkload(previous, workload);
        const { gpuHost, gpuHostSizedByGpusAndMemory, hostAgentsOnePerHost } = previous.document.estimates;
        const onGpuHost = placed.gpu !== 'none';
        const perGpu = onGpuHost ? gpuHost!.instancesPerGpu[placed.gpu === 'dedicated' ? 'dedicated' : (placed.gpuSharing ?? 'time-slicing')] : 1;
        const fewest = Math.max(
          1,
          Math.ceil((before.instancesPlanned * before.memoryMbPerInstance + before.memoryOverheadMbTotal) / usableMb(previous, placed)),
          onGpuHost && gpuHostSizedByGpusAndMemory ? 0 : Math.ceil(before.instancesPlanned / runtimeOf(previous, before).figures.instancesPerHost),
          onGpuHost ? Math.ceil(before.instancesPlanned / (gpuHost!.gpus * perGpu)) : 0,
          placed.hostAgent && hostAgentsOnePerHost ? (placed.scale.burstInstances ?? placed.scale.instances) : 0,
        );
        if (!before.largerHostsNeeded && before.hostsNeeded === fewest) {
          same++;
          // 2026.19 states a pooled layout's VMs too, which 2026.18 stated only per tenant.
          expect(before.tenantVmsPlanned === undefined ? { ...now, tenantVmsPlanned: undefined } : now).toEqual(before);
        }
      }),
      { numRuns: 500 },
    );
    expect(fewer).toBeGreaterThan(5);
    expect(same).toBeGreaterThan(50);
  });

  describe('never counts fewer hybrid hosts for more', () => {
    const hybridHosts = (input: WorkloadInput) => estimateOf(matrix, normalizeWorkload(input), 'hybrid');
    it('instances or memory, pooled into VMs of one tenant', () => {
      fc.assert(
        fc.property(steadyArb, ([input, instances, memory]) => {
          const now = hybridHosts(steady(input, instances, memory, { tenancy: 'single-tenant' }));
          const more = hybridHosts(steady(input, instances + 1, memory, { tenancy: 'single-tenant' }));
          const larger = hybridHosts(steady(input, instances, memory + 1, { tenancy: 'single-tenant' }));
          if (more.runtime === now.runtime) expect(more.hostsNeeded).toBeGreaterThanOrEqual(now.hostsNeeded);
          if (larger.runtime === now.runtime) expect(larger.hostsNeeded).toBeGreaterThanOrEqual(now.hostsNeeded);
        }),
        { numRuns: 300 },
      );
      // The cases 2026.18 got backwards, each instance 839 MB with its overhead: 96 and 97, 272 and 273.
      for (const instances of [96, 272]) {
        const w = (n: number) => hybridWorkload({ scale: { instances: n }, memoryMbPerInstance: 838 });
        expect(estimateOf(matrix, w(instances + 1), 'hybrid').hostsNeeded).toBeGreaterThanOrEqual(estimateOf(matrix, w(instances), 'hybrid').hostsNeeded);
      }
    });

    // Tenants with VMs of their own are not held to it: with one cap on a VM's instances for every
    // tenant and first-fit packing, more can need fewer hosts. Two tenants of 1,500 MB instances take
    // 11 hosts at 163 instances but 10 at 164; ten tenants of 7 instances take 4 hosts at 1,010 MB
    // and 3 at 1,011 MB. The README lists it among what 2026.19 leaves.
  });

  it("states the VMs and overhead of the layout it counts the hosts of: each instance's overhead and 512 MB a VM", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const placed = placedWorkload(matrix, workload);
        const hybrid = estimateOf(matrix, workload, 'hybrid');
        const runtime = runtimeOf(matrix, hybrid);
        const tenantVm = runtime.figures.tenantVm!;
        // The hybrid runtimes of 2026.19 set no RuntimeClass overhead: each instance carries the runtime's own.
        expect(runtime.kubernetes?.overhead).toBeUndefined();
        const perInstanceMb = runtime.figures.memoryOverheadMb;
        const vms = (hybrid.memoryOverheadMbTotal - hybrid.instancesPlanned * perInstanceMb) / tenantVm.memoryOverheadMb;
        expect(Number.isInteger(vms)).toBe(true);
        if (hybrid.tenantVmsPlanned !== undefined) expect(hybrid.tenantVmsPlanned).toBe(vms);
        // At least the VMs filled to the most a host holds, and no VM empty or fuller than that.
        const fullest = tenantVmLayout(matrix.document.estimates, tenantVm, perInstanceMb, placed);
        expect(vms).toBeGreaterThanOrEqual(fullest.vms);
        expect(vms).toBeLessThanOrEqual(hybrid.instancesPlanned);
        expect(hybrid.instancesPlanned).toBeLessThanOrEqual(vms * fullest.perVm);
        // Its hosts carry them: their memory, and on the reference host no more than its VMs per host.
        if (!hybrid.largerHostsNeeded) expect(hybrid.hostsNeeded * usableMb(matrix, placed)).toBeGreaterThanOrEqual(hybrid.instancesPlanned * hybrid.memoryMbPerInstance + hybrid.memoryOverheadMbTotal - 1e-6);
        if (placed.gpu === 'none') expect(vms).toBeLessThanOrEqual(hybrid.hostsNeeded * tenantVm.vmsPerHost!);
      }),
      { numRuns: 500 },
    );
  });

  it("scores and sizes as 2026.18 did but for hybrid's hosts and VMs and the pods a node admits by CPU", () => {
    const CHANGED = ['hostsNeeded', 'memoryOverheadMbTotal', 'tenantVmsPlanned'] as const;
    const unchangedOf = (o: OptionEstimate) => Object.fromEntries(Object.entries(o).filter(([key]) => !(CHANGED as readonly string[]).includes(key)));
    /** 2026.18's estimate with its hosts raised to the pods a node admits by CPU; hybrid's hosts and VMs as they now are, no more hosts than before. */
    const expectSized = (m: LoadedMatrix, workload: Workload, now: OptionEstimate, before: OptionEstimate) => {
      if (now.option === 'hybrid') {
        expect(unchangedOf(now)).toEqual(unchangedOf(before));
        expect(now.hostsNeeded).toBeLessThanOrEqual(before.hostsNeeded);
      } else {
        expect(now).toEqual({ ...before, hostsNeeded: before.hostsRunByProvider ? 0 : Math.max(before.hostsNeeded, podCpuBound(m, placedWorkload(m, workload), before)) });
      }
    };
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const before = evaluate(previous, workload);
        // The two flags alone change no score, recommendation or runtime.
        const now = evaluate(flagged, workload);
        expect(now.options).toEqual(before.options);
        expect(now.recommendation).toBe(before.recommendation);
        expect(now.runtimes).toEqual(before.runtimes);
        expect(now.rationale.margin).toBe(before.rationale.margin);
        now.estimates.options.forEach((o, i) => expectSized(flagged, workload, o, before.estimates.options[i]));
        // 2026.19 as shipped sizes the same way, wherever it runs an option on the same runtime.
        const shipped = evaluate(matrix, workload).estimates.options;
        shipped.forEach((o, i) => {
          const was = before.estimates.options[i];
          if (o.runtime !== was.runtime) return;
          expectSized(matrix, workload, o, was);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("gives 2026.18's estimates as it gave them", () => {
    const hybridOf = (w: Workload) => estimateOf(previous, w, 'hybrid');
    expect(hybridOf(hybridWorkload({ scale: { instances: 192 }, memoryMbPerInstance: 838 }))).toMatchObject({ instancesPlanned: 192, memoryOverheadMbTotal: 6336, hostsNeeded: 12 });
    expect(hybridOf(hybridWorkload({ compliance: [], scale: { instances: 2000 }, memoryMbPerInstance: 1024 }))).toMatchObject({ memoryOverheadMbTotal: 66_000, hostsNeeded: 125 });
    const saas = normalizeWorkload({ name: 'saas', codeTrust: 'vetted-third-party', tenancy: 'multi-tenant', scale: { instances: 300, tenants: 20 }, memoryMbPerInstance: 838, orchestration: 'kubernetes' });
    expect(evaluate(previous, saas).estimates.options.map((o) => [o.runtime, o.tenantVmsPlanned, o.memoryOverheadMbTotal, o.hostsNeeded])).toEqual([
      ['runc', undefined, 300, 10],
      ['kata-containers', undefined, 50_332, 12],
      ['kubevirt', undefined, 168_000, 38],
      ['tenant-node-pools', 20, 10_540, 10],
    ]);
    const fn = normalizeWorkload({ name: 'fn', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'function', orchestration: 'kubernetes', scale: { instances: 1000 }, memoryMbPerInstance: 64 });
    expect(evaluate(previous, fn).estimates.options.map((o) => o.hostsNeeded)).toEqual([10, 10, 125, 8]);
    const coco = normalizeWorkload({ name: 'coco', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'batch', confidentialComputing: true, orchestration: 'kubernetes', scale: { instances: 200 }, memoryMbPerInstance: 256 });
    expect(estimateOf(previous, coco, 'microvm')).toMatchObject({ runtime: 'kata-coco', memoryOverheadMbTotal: 429_497, hostsNeeded: 19 });
  });
});
