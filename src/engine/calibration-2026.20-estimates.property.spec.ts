import fc from 'fast-check';
import { evaluate, loadMatrix, normalizeWorkload, type Evaluation, type LoadedMatrix, type OptionEstimate, type PlacementOption, type Workload, type WorkloadInput } from './index.js';
import { roundedToValidSize } from './estimates.js';
import { byVersion, loadMatrixVersion, readMatrixDocument, shippedMatrixFiles } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';

// What the review of 2026.19's estimates found: sandboxed pods counted as if they needed no CPU of their own;
// Windows guests booting as fast as Linux ones; Fargate tasks carrying no memory beyond what the workload
// states, though a task's memory is one of Fargate's sizes; "the same" said of figures that only round alike;
// and confidential pods starting as fast as plain Kata pods, though each pulls its image inside the guest.
describe('matrix 2026.20: pod CPU by memory share, Windows guest boots, Fargate task sizes, "the same" only of equal figures', () => {
  const matrix = loadMatrixVersion('2026.20');
  const previous = loadMatrixVersion('2026.19');
  /** 2026.19 with nothing of 2026.20 but the edits given: what they change, whatever else 2026.20 changes. */
  const withEdits = (edit: (document: Record<string, any>) => void): LoadedMatrix => {
    const document = readMatrixDocument('2026.19');
    document.version = '2026.19-edited';
    edit(document);
    return loadMatrix(document);
  };
  const estimateOf = (result: Evaluation, option: PlacementOption) => result.estimates.options.find((o) => o.option === option)!;
  const runtimeOf = (m: LoadedMatrix, estimate: OptionEstimate) => m.runtimes[estimate.option].find((r) => r.id === estimate.runtime)!;
  const millicores = (cpu: string) => (cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000);
  const WINDOWS_GUESTS = ['cloud-vm', 'kubevirt', 'nomad-qemu', 'cloud-hypervisor-windows'];
  const WINDOWS_BOOT = { min: 60_000, max: 300_000 };
  /** Every memory size AWS's Fargate task-size table allows, CPU by CPU (MB). */
  const FARGATE_SIZES = (() => {
    const gb = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => (from + i * step) * 1024);
    return [...new Set([512, 1024, 2048, ...gb(1, 4, 1), ...gb(2, 8, 1), ...gb(4, 16, 1), ...gb(8, 30, 1), ...gb(16, 60, 4), ...gb(32, 120, 8)])].sort((a, b) => a - b);
  })();

  it('sets its new data in 2026.20 only, so that older answers replay', () => {
    const newKeys = ['podCpuRequestByMemoryShare', 'sameOnlyWhenEqual', 'startupMsByOs', 'taskMemorySizes'];
    const holds = (value: unknown): boolean => (Array.isArray(value) ? value.some(holds) : typeof value === 'object' && value !== null ? Object.entries(value).some(([k, v]) => newKeys.includes(k) || holds(v)) : false);
    const older = shippedMatrixFiles()
      .map((file) => file.replace(/\.json$/, ''))
      .filter((version) => byVersion(version, '2026.20') < 0);
    expect(older).toHaveLength(19);
    for (const version of older) expect(holds(readMatrixDocument(version))).toBe(false);
    expect(holds(readMatrixDocument('2026.20'))).toBe(true);
  });

  describe('a sandboxed pod requests its memory share of the CPU besides its podFixed', () => {
    const fn = (memoryMbPerInstance: number, instances = 1000) => normalizeWorkload({ name: 'fn', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'function', orchestration: 'kubernetes', scale: { instances }, memoryMbPerInstance });

    it('admits 56 Kata pods of 64 MB to a 16-vCPU node, not 64', () => {
      // 64 MB of 32 GB is 1/512 of the host: 31.25m of CPU. 16,000m / (250m + 31.25m) = 56.9: 56 pods, ceil(1,000 / 56) = 18 hosts.
      expect(estimateOf(evaluate(matrix, fn(64)), 'microvm')).toMatchObject({ runtime: 'kata-containers', hostsNeeded: 18 });
      expect(estimateOf(evaluate(previous, fn(64)), 'microvm')).toMatchObject({ runtime: 'kata-containers', hostsNeeded: 16 });
      // At 2 GB a pod asks for 1 vCPU of its own: 16,000 / 1,250 = 12.8, 12 pods a node, where memory allows 12 (27,852.8 / 2,215.8).
      expect(estimateOf(evaluate(matrix, fn(2048, 120)), 'microvm').hostsNeeded).toBe(10);
    });

    it('never puts more pods on a reference host than their podFixed and memory share of CPU fit', () => {
      let bound = 0;
      fc.assert(
        fc.property(workloadArb, (input) => {
          const result = evaluate(matrix, normalizeWorkload(input));
          for (const estimate of result.estimates.options) {
            const cpu = runtimeOf(matrix, estimate).kubernetes?.overhead?.cpu;
            if (input.orchestration !== 'kubernetes' || (input.gpu ?? 'none') !== 'none' || cpu === undefined || estimate.largerHostsNeeded) continue;
            const { memoryMb, vcpus } = matrix.document.estimates.referenceHost;
            // pods x (podFixed + memory share) <= vCPUs, in millicores times the host's MB so that it is exact.
            const perPod = millicores(cpu) * memoryMb + estimate.memoryMbPerInstance * vcpus! * 1000;
            if (perPod > vcpus! * 1000 * memoryMb) continue;
            const podsPerHost = Math.ceil(estimate.instancesPlanned / estimate.hostsNeeded);
            expect(podsPerHost * perPod).toBeLessThanOrEqual(vcpus! * 1000 * memoryMb);
            bound++;
          }
        }),
        { numRuns: 1500, seed: 42 },
      );
      expect(bound).toBeGreaterThan(50);
    });
  });

  describe('a whole Windows guest boots in minutes', () => {
    const windowsApp = (input: Partial<WorkloadInput>) => normalizeWorkload({ name: 'erp', codeTrust: 'first-party', tenancy: 'single-tenant', os: 'windows', legacy: true, scale: { instances: 4 }, ...input });

    it("judges a VM's budget and scale-out window on the Windows boot, and leaves Hyper-V isolation's seconds alone", () => {
      const result = evaluate(matrix, windowsApp({ orchestration: 'kubernetes', startupBudgetMs: 90_000 }));
      expect(result.recommendation).toBe('vm');
      expect(estimateOf(result, 'vm')).toMatchObject({ runtime: 'kubevirt', startupMs: WINDOWS_BOOT, meetsStartupBudget: false });
      expect(estimateOf(evaluate(previous, windowsApp({ orchestration: 'kubernetes', startupBudgetMs: 90_000 })), 'vm').meetsStartupBudget).toBe(true);
      expect(result.rationale.summary).toContain('Caution: Virtual machine can take up to 300 s to start, beyond the 90 s budget');
      // A budget a fifth of the fastest Windows boot rules the Windows guests out.
      const tight = evaluate(matrix, windowsApp({ startupBudgetMs: 10_000 }));
      expect(tight.runtimes.filter((r) => WINDOWS_GUESTS.includes(r.name) && r.fits)).toEqual([]);
      const window = evaluate(matrix, windowsApp({ scale: { instances: 4, scaleOutSeconds: 50 } }));
      expect(window.rationale.summary).toContain('Caution: even at its fastest, 60 s, Virtual machine starts an instance after the 50 s in which it must scale out');
      const hyperv = evaluate(matrix, windowsApp({ legacy: false, windowsHosts: true, tenancy: 'multi-tenant', codeTrust: 'untrusted' }));
      const isolated = hyperv.estimates.options.find((o) => o.runtime === 'hyperv-isolation');
      expect(isolated?.startupMs).toEqual({ min: 2000, max: 5000 });
    });

    it("makes a new tenant's Windows VM wait minutes, and says so", () => {
      const saas = windowsApp({ legacy: false, tenancy: 'multi-tenant', windowsHosts: true, orchestration: 'kubernetes', scale: { instances: 20, tenants: 5 } });
      const hybrid = estimateOf(evaluate(matrix, saas), 'hybrid');
      expect(hybrid).toMatchObject({ runtime: 'windows-tenant-node-pools', startupMs: { min: 1000, max: 5000 }, newTenantStartupMs: WINDOWS_BOOT });
      const result = evaluate(matrix, saas);
      if (result.recommendation === 'hybrid') expect(result.rationale.summary).toContain("A new tenant's first instance waits 60 s to 300 s for its VM to boot");
    });

    it('starts every whole Windows guest in the Windows figure, follows it in every budget verdict, and other OSes as 2026.19 did', () => {
      let windows = 0;
      fc.assert(
        fc.property(workloadArb, (input) => {
          const workload = normalizeWorkload(input);
          const [now, before] = [evaluate(matrix, workload), evaluate(previous, workload)];
          now.estimates.options.forEach((estimate, i) => {
            if (workload.startupBudgetMs !== undefined) expect(estimate.meetsStartupBudget).toBe(estimate.startupMs.max <= workload.startupBudgetMs);
            const guest = WINDOWS_GUESTS.includes(estimate.runtime!);
            if (workload.os === 'windows' && guest) {
              expect(estimate.startupMs).toEqual(WINDOWS_BOOT);
              windows++;
            }
            if (workload.os === 'windows' && estimate.runtime === 'windows-tenant-node-pools') expect(estimate.newTenantStartupMs).toEqual(WINDOWS_BOOT);
            const same = before.estimates.options[i];
            if (workload.os !== 'windows' && estimate.runtime === same.runtime && estimate.runtime !== 'kata-coco') {
              expect(estimate.startupMs).toEqual(same.startupMs);
              expect(estimate.newTenantStartupMs).toEqual(same.newTenantStartupMs);
            }
          });
        }),
        { numRuns: 1500, seed: 42 },
      );
      expect(windows).toBeGreaterThan(20);
    });
  });

  describe("a Fargate task's memory is one of Fargate's sizes", () => {
    const api = (memoryMbPerInstance: number) => normalizeWorkload({ name: 'api', codeTrust: 'first-party', tenancy: 'single-tenant', requiresHardwareIsolation: true, orchestration: 'ecs', scale: { instances: 4 }, memoryMbPerInstance });

    it('rounds 1,026 MB up to a 2 GB task, 30 GB + 1 MB to 32 GB and 100 GB to 104 GB', () => {
      expect(estimateOf(evaluate(matrix, api(1026)), 'microvm')).toMatchObject({ runtime: 'aws-fargate', memoryOverheadMbTotal: 4 * 1022, hostsNeeded: 0 });
      expect(estimateOf(evaluate(previous, api(1026)), 'microvm').memoryOverheadMbTotal).toBe(0);
      expect(estimateOf(evaluate(matrix, api(1024)), 'microvm').memoryOverheadMbTotal).toBe(0);
      expect(estimateOf(evaluate(matrix, api(300)), 'microvm').memoryOverheadMbTotal).toBe(4 * 212);
      expect(estimateOf(evaluate(matrix, api(30_721)), 'microvm').memoryOverheadMbTotal).toBe(4 * 2047);
      expect(estimateOf(evaluate(matrix, api(102_400)), 'microvm').memoryOverheadMbTotal).toBe(4 * 4096);
    });

    it("takes the smallest size of AWS's task-size table at or above any memory, and none above 120 GB", () => {
      const bands = matrix.runtimes.microvm.find((r) => r.id === 'aws-fargate')!.figures.taskMemorySizes!;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 200_000 }), (mb) => {
          const size = roundedToValidSize(bands, mb);
          expect(size).toBe(FARGATE_SIZES.find((s) => s >= mb) ?? mb);
        }),
        { numRuns: 5000, seed: 42 },
      );
    });

    /** What lets a workload run on Fargate: a Linux task on ECS asking nothing of the host. */
    const ON_FARGATE = { orchestration: 'ecs', os: 'linux', hostAgent: false, privileges: [], kernelRequirements: [], gpu: 'none', nestedVirtualization: false, confidentialComputing: false } as const;

    it('gives every Fargate estimate overhead that makes each instance a valid task size', () => {
      let fargate = 0;
      fc.assert(
        fc.property(workloadArb, fc.integer({ min: 1, max: 130_000 }), (input, memoryMbPerInstance) => {
          for (const estimate of evaluate(matrix, normalizeWorkload({ ...input, ...ON_FARGATE, memoryMbPerInstance })).estimates.options) {
            if (estimate.runtime !== 'aws-fargate' || estimate.memoryMbPerInstance > 122_880) continue;
            const task = estimate.memoryMbPerInstance + estimate.memoryOverheadMbTotal / estimate.instancesPlanned;
            expect(FARGATE_SIZES).toContain(task);
            fargate++;
          }
        }),
        { numRuns: 1500, seed: 42 },
      );
      expect(fargate).toBeGreaterThan(20);
    });
  });

  describe('"the same" only of equal figures', () => {
    const flagged = withEdits((d) => (d.estimates.sameOnlyWhenEqual = true));
    /** The summary's sentence comparing the runner-up with the answer ("X would start in ..., carry ..., and need ..."). */
    const comparison = (result: Evaluation) => result.rationale.summary.split(/(?<=\.) /).find((s) => / would (?:.* and would )?start in /.test(s));

    it('never calls unequal figures the same, and changes nothing else', () => {
      let corrected = 0;
      fc.assert(
        fc.property(workloadArb, (input) => {
          const workload = normalizeWorkload(input);
          const [now, before] = [evaluate(flagged, workload), evaluate(previous, workload)];
          expect(now.estimates).toEqual(before.estimates);
          expect(now.options).toEqual(before.options);
          const runnerUp = now.options.find((o) => o.rank === 2);
          const sentence = comparison(now);
          if (!sentence || !now.recommendation || !runnerUp) return;
          const [w, r] = [estimateOf(now, now.recommendation), estimateOf(now, runnerUp.option)];
          if (sentence.includes('start in the same')) expect(r.startupMs).toEqual(w.startupMs);
          if (sentence.includes('carry the same')) expect(r.memoryOverheadMbTotal).toBe(w.memoryOverheadMbTotal);
          if (sentence.includes('need the same')) expect([r.hostsNeeded, r.largerHostsNeeded, r.hostsRunByProvider]).toEqual([w.hostsNeeded, w.largerHostsNeeded, w.hostsRunByProvider]);
          if (now.rationale.summary !== before.rationale.summary) {
            corrected++;
            // Only the comparison changes, and only where 2026.19 called rounded figures the same.
            expect(comparison(before)).toMatch(/the same/);
            expect(now.rationale.summary.replace(sentence, '')).toBe(before.rationale.summary.replace(comparison(before)!, ''));
          }
        }),
        { numRuns: 3000, seed: 42 },
      );
      expect(corrected).toBeGreaterThan(0);
    });

    it('says 1,026 MB and 1,024 MB as 1.002 GB and 1 GB, and falls back to MB where three decimals do not tell them apart', () => {
      /** Fargate's overhead and hybrid's, set through their figures: 4 instances, in `vms` tenant VMs. */
      const summaryWith = (r: number, w: number, vms = 1) => {
        const fargate = normalizeWorkload({ name: 'api', codeTrust: 'first-party', tenancy: 'single-tenant', requiresHardwareIsolation: true, orchestration: 'ecs', scale: { instances: 4 } });
        return comparison(
          evaluate(
            withEdits((d) => {
              d.estimates.sameOnlyWhenEqual = true;
              for (const runtime of d.runtimes) if (runtime.id === 'aws-fargate') runtime.memoryOverheadMb = r / 4;
              for (const runtime of d.runtimes) if (runtime.id === 'tenant-node-pools') [runtime.memoryOverheadMb, runtime.tenantVm.memoryOverheadMb] = [0, w / vms];
            }),
            fargate,
          ),
        );
      };
      expect(summaryWith(1026, 1024)).toContain('carry 1.002 GB instead of 1 GB of memory overhead');
      expect(summaryWith(1024, 1024)).toContain('carry the same 1 GB of memory overhead');
      // VMs larger than a host hold an instance each: 4 of them. 14.8 TB and 30 GB more read 14.83 and 14.8 TB; 4 MB apart, only MB tell.
      expect(summaryWith(15_518_920 + 30_720, 15_518_920, 4)).toContain('carry 14.83 TB instead of 14.8 TB');
      expect(summaryWith(15_518_924, 15_518_920, 4)).toContain('carry 15,518,924 MB instead of 15,518,920 MB');
    });
  });

  it('starts a confidential pod on Kubernetes in seconds: the guest pulls its image after attestation', () => {
    const coco = normalizeWorkload({ name: 'coco', codeTrust: 'untrusted', tenancy: 'multi-tenant', confidentialComputing: true, orchestration: 'kubernetes', scale: { instances: 10 } });
    expect(estimateOf(evaluate(matrix, coco), 'microvm')).toMatchObject({ runtime: 'kata-coco', startupMs: { min: 5000, max: 30_000 } });
    expect(estimateOf(evaluate(previous, coco), 'microvm')).toMatchObject({ runtime: 'kata-coco', startupMs: { min: 500, max: 1500 } });
  });

  it('keeps the estimates of workloads none of the items touches as 2026.19 gave them', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload: Workload = normalizeWorkload(input);
        if (workload.os === 'windows' || workload.orchestration === 'kubernetes' || workload.orchestration === 'ecs') return;
        const before = evaluate(previous, workload).estimates.options;
        evaluate(matrix, workload).estimates.options.forEach((estimate, i) => {
          if (estimate.runtime === before[i].runtime) expect(estimate).toEqual(before[i]);
        });
      }),
      { numRuns: 1000, seed: 42 },
    );
  });
});
