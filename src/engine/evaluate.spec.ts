import { evaluate, loadMatrix, normalizeWorkload, EngineError } from './index.js';
import { loadMatrixVersion, minimalMatrixDocument, workload } from '../../test/support/factories.js';

const minimal = () => loadMatrix(minimalMatrixDocument());
const option = (result: ReturnType<typeof evaluate>, name: string) => result.options.find((o) => o.option === name)!;

describe('evaluate: scoring', () => {
  it('scores importance x rating scaled to 0-100 and ranks by score', () => {
    // isolation importance 1, speed 3: container = (1*2 + 3*10) / 40 * 100 = 80; vm = (10 + 3) / 40 * 100 = 32.5
    const result = evaluate(minimal(), workload());
    expect(option(result, 'container').score).toBe(80);
    expect(option(result, 'vm').score).toBe(32.5);
    expect(option(result, 'microvm').score).toBe(80);
    expect(result.recommendation).toBe('microvm');
    expect(result.options.map((o) => [o.option, o.rank])).toEqual([
      ['container', 2],
      ['microvm', 1],
      ['vm', 4],
      ['hybrid', 3],
    ]);
  });

  it('breaks an exact tie towards the stronger boundary (microvm before container)', () => {
    const result = evaluate(minimal(), workload());
    expect(option(result, 'microvm').score).toBe(option(result, 'container').score);
    expect(result.rationale.margin).toBe(0);
    expect(result.rationale.runnerUp).toBe('container');
  });

  it('lets a matching importance rule raise a criterion and records which rule and fields set it', () => {
    const result = evaluate(minimal(), workload({ codeTrust: 'untrusted' }));
    const isolation = result.rationale.factors.find((f) => f.criterion === 'isolation')!;
    expect(isolation.importance).toBe(9);
    expect(isolation.setBy).toEqual([{ rule: 'untrusted', reason: 'the code is untrusted', importance: 9, fields: ['codeTrust'] }]);
    // (9*10 + 3*1) / 120 * 100 = 77.5 for vm; the contributions add up to the score
    expect(option(result, 'vm').score).toBe(77.5);
    expect(isolation.contributions.vm + result.rationale.factors[1].contributions.vm).toBeCloseTo(77.5, 1);
    expect(result.recommendation).toBe('hybrid');
  });

  it('keeps the base importance when no rule matches', () => {
    const speed = evaluate(minimal(), workload()).rationale.factors.find((f) => f.criterion === 'speed')!;
    expect(speed).toMatchObject({ importance: 3, setBy: [] });
  });

  it('takes the highest importance when several rules target one criterion', () => {
    const doc = minimalMatrixDocument();
    doc.importanceRules.push({ id: 'shared', when: { field: 'tenancy', op: 'eq', value: 'multi-tenant' }, importance: { isolation: 6 }, reason: 'tenants share hosts' });
    const factor = evaluate(loadMatrix(doc), workload({ codeTrust: 'untrusted', tenancy: 'multi-tenant' })).rationale.factors[0];
    expect(factor.importance).toBe(9);
    expect(factor.setBy.map((s) => s.rule)).toEqual(['untrusted', 'shared']);
  });
});

describe('evaluate: hard constraints', () => {
  it('excludes an option with the constraint id and reason and never recommends it', () => {
    const result = evaluate(minimal(), workload({ os: 'windows' }));
    expect(option(result, 'container')).toMatchObject({ eligible: false, score: null, rank: null, exclusions: [{ constraint: 'no-windows-container', reason: 'no Windows on Linux kernels' }] });
    expect(result.rationale.summary).toContain('Container is ruled out because no Windows on Linux kernels');
  });

  it('answers no recommendation, with why, when every option is excluded', () => {
    const doc = minimalMatrixDocument();
    doc.constraints[0].excludes = ['container', 'microvm', 'vm', 'hybrid'];
    const result = evaluate(loadMatrix(doc), workload({ os: 'windows' }));
    expect(result.recommendation).toBeNull();
    expect(result.options.every((o) => !o.eligible && o.rank === null)).toBe(true);
    expect(result.rationale).toMatchObject({ runnerUp: null, margin: null });
    expect(result.rationale.summary).toMatch(/^No placement fits "test workload"/);
    expect(result.hardening).toEqual([]);
  });
});

describe('evaluate: hardening and estimates', () => {
  it('filters the checklist by the workload and puts musts first', () => {
    const doc = minimalMatrixDocument();
    doc.criteria[0].ratings.microvm = 1;
    const matrix = loadMatrix(doc);
    expect(evaluate(matrix, workload()).hardening.map((h) => h.id)).toEqual(['always']);
    expect(evaluate(matrix, workload({ privileges: ['docker-socket'] })).hardening.map((h) => h.id)).toEqual(['socket', 'always']);
  });

  it("adds the default matrix's root warning to a container checklist only when root is asked for", () => {
    const matrix = loadMatrixVersion('2026.1');
    const base = { orchestration: 'kubernetes', costSensitivity: 'high', scale: { instances: 400 } } as const;
    const plain = evaluate(matrix, workload(base));
    expect(plain.recommendation).toBe('container');
    expect(plain.hardening.map((h) => h.id)).not.toContain('user-namespaces-for-root');
    const asRoot = evaluate(matrix, workload({ ...base, privileges: ['root'] }));
    expect(asRoot.recommendation).toBe('container');
    expect(asRoot.hardening.map((h) => h.id)).toContain('user-namespaces-for-root');
    expect(asRoot.hardening.map((h) => h.id)).not.toContain('docker-socket-warning');
  });

  it('sizes each option for the peak on the reference host, by density and by memory', () => {
    const result = evaluate(minimal(), workload({ scale: { instances: 5, burstInstances: 30 }, startupBudgetMs: 150 }));
    const vm = result.estimates.options.find((e) => e.option === 'vm')!;
    // 30 instances, 2 per host by density = 15 hosts; memory 30 * (100 + 500) / 10000 = 1.8 -> 2 hosts
    expect(vm).toMatchObject({ instancesPlanned: 30, memoryMbPerInstance: 100, memoryOverheadMbTotal: 15000, hostsNeeded: 15, meetsStartupBudget: false });
    expect(result.estimates.memorySource).toBe('matrix-default');
    const container = evaluate(minimal(), workload({ scale: { instances: 30 }, memoryMbPerInstance: 1000 })).estimates.options[0];
    // memory-bound: 30 * 1010 / 10000 = 3.03 -> 4 hosts, density alone would say 3
    expect(container).toMatchObject({ hostsNeeded: 4, meetsStartupBudget: null, memoryMbPerInstance: 1000 });
  });

  it('names the matrix version and checksum it used', () => {
    const matrix = minimal();
    expect(evaluate(matrix, workload()).matrix).toEqual({ version: 'test-1', checksum: matrix.checksum });
  });
});

describe('workload normalisation', () => {
  it('fills defaults and sorts and de-duplicates arrays', () => {
    expect(normalizeWorkload({ name: 'n', codeTrust: 'untrusted', tenancy: 'multi-tenant', privileges: ['root', 'docker-socket', 'root'] })).toEqual({
      name: 'n',
      codeTrust: 'untrusted',
      tenancy: 'multi-tenant',
      compliance: [],
      requiresHardwareIsolation: false,
      os: 'linux',
      kernelRequirements: [],
      workloadType: 'microservice',
      legacy: false,
      privileges: ['docker-socket', 'root'],
      gpu: 'none',
      nestedVirtualization: false,
      scale: { instances: 1 },
      orchestration: 'none',
      costSensitivity: 'medium',
      dedicatedHosts: false,
      windowsHosts: false,
      confidentialComputing: false,
      hostAgent: false,
    });
  });

  it('keeps a GPU sharing mode only for a shared GPU, defaulting it to time-slicing', () => {
    const base = { name: 'n', codeTrust: 'first-party', tenancy: 'single-tenant' } as const;
    expect(normalizeWorkload({ ...base, gpu: 'shared' }).gpuSharing).toBe('time-slicing');
    expect(normalizeWorkload({ ...base, gpu: 'shared', gpuSharing: 'mig' }).gpuSharing).toBe('mig');
    expect(normalizeWorkload({ ...base, gpu: 'dedicated', gpuSharing: 'mig' })).not.toHaveProperty('gpuSharing');
    expect(normalizeWorkload({ ...base, gpuSharing: 'vgpu' })).not.toHaveProperty('gpuSharing');
  });

  it('rejects a bad workload with a coded error naming each field', () => {
    expect(() => normalizeWorkload({ name: '', codeTrust: 'trusted', tenancy: 'single-tenant', scale: { instances: 5, burstInstances: 2 } })).toThrow(EngineError);
    try {
      normalizeWorkload({ name: '', codeTrust: 'trusted', tenancy: 'single-tenant', scale: { instances: 5, burstInstances: 2 } });
    } catch (e) {
      expect((e as EngineError).code).toBe('WORKLOAD_INVALID');
      expect((e as EngineError).problems.map((p) => p.path).sort()).toEqual(['codeTrust', 'name', 'scale.burstInstances']);
    }
  });
});

describe('rationale summary', () => {
  const summaryOf = (overrides: Parameters<typeof workload>[0]) => evaluate(loadMatrixVersion('2026.1'), workload(overrides)).rationale.summary;

  it('claims nothing about what-ifs under a matrix that names no changeable attributes', () => {
    const result = evaluate(loadMatrixVersion('2026.1'), workload({ name: 'plain' }));
    expect(result.counterfactuals).toEqual([]);
    expect(result.rationale.summary).not.toMatch(/would be recommended instead|No change of one or two attributes/);
  });

  it('names the winner, the runner-up with its score, and the margin', () => {
    const text = summaryOf({ name: 'Checkout microservices', orchestration: 'kubernetes', scale: { instances: 60, burstInstances: 150 } });
    expect(text).toMatch(/^Container is recommended for "Checkout microservices" with 78\/100, 5\.2 points ahead of MicroVM at 72\.8\./);
  });

  it('names the runtime an option was scored on when the option has several, keeping the label whole', () => {
    const functions = workload({ name: 'functions', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'function', startupBudgetMs: 300, costSensitivity: 'high', scale: { instances: 300, burstInstances: 5000, scaleOutSeconds: 5 } });
    const text = evaluate(loadMatrixVersion('2026.4'), functions).rationale.summary;
    expect(text).toMatch(/^MicroVM \(on Firecracker\) is recommended for "functions" with 84\.6\/100, 14\.9 points ahead of Hybrid \(containers in per-tenant VMs\) on per-tenant Linux node pools at 69\.7\./);
    // 2026.3 has one hybrid runtime, so its name adds nothing.
    expect(evaluate(loadMatrixVersion('2026.3'), functions).rationale.summary).toContain('ahead of Hybrid (containers in per-tenant VMs) at 69.7.');
  });

  it("says once a reason every one of an option's runtimes shares, then what else rules out which", () => {
    const agent = workload({ name: 'log shipper', codeTrust: 'vetted-third-party', hostAgent: true, privileges: ['host-mounts'], orchestration: 'kubernetes' });
    const text = evaluate(loadMatrixVersion('2026.5'), agent).rationale.summary;
    const shared = "a host agent must act on the host's own kernel and devices, which a guest or sandbox kernel hides from it";
    // Said once for microVM and VM together: the Windows entries (Cloud Hypervisor with Windows guests, Hyper-V
    // isolation) were never candidates for a Linux agent, so nothing else sets the two apart.
    expect(text.split(shared)).toHaveLength(2);
    expect(text).toContain(`MicroVM and Virtual machine are ruled out because none of their runtimes fits, since ${shared}.`);
    expect(text).not.toContain('Windows');
    // Runtimes ruled out for reasons of their own are still listed one by one, and another OS's entries too when every runtime is one.
    const appliance = evaluate(loadMatrixVersion('2026.5'), workload({ name: 'appliance', os: 'other', legacy: true })).rationale.summary;
    expect(appliance).toContain(
      "Container is ruled out because none of its runtimes fits (runc or crun: it runs Linux processes on the host's Linux kernel; process-isolated Windows containers: it runs Windows processes only; and it needs Windows Server hosts, and the fleet has none).",
    );
  });

  it("names only the runtimes for the workload's own OS when it says why none of an option's fits", () => {
    const ingress = workload({ name: 'ingress', codeTrust: 'vetted-third-party', privileges: ['host-network'], orchestration: 'kubernetes', scale: { instances: 3 } });
    const text = evaluate(loadMatrixVersion('2026.6'), ingress).rationale.summary;
    expect(text).toContain(
      "MicroVM is ruled out because none of its runtimes fits (gVisor: with host networking it turns off its own network stack and hands the workload's sockets to the host's, which its networking guide calls weaker isolation from the host; Firecracker:",
    );
    expect(text).not.toMatch(/Windows|Hyper-V/);
    // A Windows workload on a fleet without Windows hosts hears about the Windows containers it could have had, not about runc.
    const windows = evaluate(loadMatrixVersion('2026.6'), workload({ name: 'windows api', os: 'windows' })).rationale.summary;
    expect(windows).toContain('Container is ruled out because none of its runtimes fits (process-isolated Windows containers: it needs Windows Server hosts, and the fleet has none).');
  });

  it('says what the VMs of a hybrid answer are for when there is one tenant', () => {
    const windows = workload({ name: 'windows api', os: 'windows', orchestration: 'kubernetes' });
    const result = evaluate(loadMatrixVersion('2026.5'), windows);
    expect(result.recommendation).toBe('hybrid');
    expect(result.rationale.summary).toContain("With a single tenant, the VMs are the wall around this workload's own trust zone");
    const shared = evaluate(loadMatrixVersion('2026.5'), workload({ name: 'saas', tenancy: 'multi-tenant', compliance: ['gdpr'], orchestration: 'kubernetes', scale: { instances: 300 } }));
    expect(shared.recommendation).toBe('hybrid');
    expect(shared.rationale.summary).not.toContain('With a single tenant');
  });

  it('gives a shared reason once for the criteria it raised', () => {
    const text = summaryOf({ name: 'ledger', compliance: ['pci-dss'], requiresHardwareIsolation: true, workloadType: 'stateful-service' });
    expect(text).toContain('auditable hardware boundary and containment of the code itself (both because an auditor has mandated hardware isolation)');
  });

  it('keeps names that contain "and" apart with "as well as"', () => {
    const text = summaryOf({ name: 'erp', workloadType: 'monolith', legacy: true, kernelRequirements: ['kernel-tuning'] });
    expect(text).toContain('fit for legacy and stateful software (it is legacy software that expects root, a full OS and an init system) as well as freedom over the OS and kernel');
  });

  it('groups options excluded for the same reasons and warns when the winner misses the start-up budget', () => {
    const text = summaryOf({ name: 'mainframe emulator', os: 'other', startupBudgetMs: 5000 });
    expect(text).toContain('Container and MicroVM are ruled out because a non-Linux OS cannot run on a shared Linux kernel');
    expect(text).toContain('Hybrid (containers in per-tenant VMs) is ruled out because an operating system outside Linux and Windows has no container runtime');
    // Even the fastest boot, 30 s, misses a 5 s budget: "up to 60 s" would understate it.
    expect(text).toContain('Caution: even at its fastest, 30 s, Virtual machine starts beyond the 5 s budget, so only instances started ahead of demand meet it');
    const within = summaryOf({ name: 'mainframe emulator', os: 'other', startupBudgetMs: 45000 });
    expect(within).toContain('Caution: Virtual machine can take up to 60 s to start, beyond the 45 s budget');
  });
});
