import fc from 'fast-check';
import { evaluate, normalizeWorkload, type Evaluation, type Workload } from './index.js';
import { placedWorkload } from './pooled-tenants.js';
import { loadMatrixVersion } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';
import { expectSameDecisionsOutside } from '../../test/support/same-decisions.js';

// What three reviews of 2026.18 found in its recommendations, checklists, pod specs and
// sentences, stated as properties over the whole input space. The estimates' changes (tenant VMs
// sized to pack, sandboxed pods' CPU) have their own spec beside this one.
describe('matrix 2026.19: runtimes that can do what they are chosen for; checklists that reach the workload where it runs; sentences that agree with their figures', () => {
  const matrix = loadMatrixVersion('2026.19');
  const previous = loadMatrixVersion('2026.18');
  const ids = (e: Evaluation) => e.hardening.map((h) => h.id);
  const item = (e: Evaluation, id: string) => e.hardening.find((h) => h.id === id);
  type Container = { resources?: { limits?: Record<string, unknown> }; securityContext?: { capabilities?: { add?: string[]; drop?: string[] } } };
  type PodSpec = { hostUsers?: boolean; automountServiceAccountToken?: boolean; containers?: Container[] };
  const podSpecOf = (e: Evaluation) => (e.kubernetes?.podSpec ?? {}) as PodSpec;
  const runtimeOf = (e: Evaluation) => e.options.find((o) => o.option === e.recommendation)?.runtime ?? null;
  const ROOT_OVER_THE_HOST = ['privileged', 'sys-admin', 'docker-socket'] as const;
  /** Where 2026.19 moves a recommendation: a vGPU on Kubernetes, a device for a Nomad VM, untrusted code with root over a shared host. */
  const mayMove = (w: Workload) =>
    (w.gpu === 'shared' && w.gpuSharing === 'vgpu' && w.orchestration === 'kubernetes') ||
    (w.orchestration === 'nomad' && (w.gpu !== 'none' || w.privileges.includes('host-devices'))) ||
    (w.codeTrust === 'untrusted' && w.privileges.some((p) => (ROOT_OVER_THE_HOST as readonly string[]).includes(p)) && !w.dedicatedHosts && !w.hostAgent);

  it('recommends as 2026.18 did, with the same scores, except where a runtime cannot do what it was chosen for or untrusted code would hold root over a shared host', () => {
    expectSameDecisionsOutside(matrix, previous, mayMove, { numRuns: 500, compared: 300 });
  });

  it("never gives a vGPU on Kubernetes to a Kata guest, which NVIDIA's GPU Operator serves by whole-GPU passthrough only", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = evaluate(matrix, normalizeWorkload({ ...input, gpu: 'shared', gpuSharing: 'vgpu', orchestration: 'kubernetes' }));
        for (const r of result.runtimes.filter((r) => ['kata-containers', 'kata-coco', 'cloud-hypervisor'].includes(r.name))) expect(r.fits).toBe(false);
        // A pod that asks for a whole passed-through GPU is never the answer to a vGPU.
        expect(JSON.stringify(podSpecOf(result))).not.toContain('nvidia.com/pgpu');
      }),
      { numRuns: 150 },
    );
    const notebooks = normalizeWorkload({
      name: 'notebooks on vGPU',
      codeTrust: 'untrusted',
      tenancy: 'multi-tenant',
      gpu: 'shared',
      gpuSharing: 'vgpu',
      workloadType: 'stateful-service',
      orchestration: 'kubernetes',
      scale: { instances: 200, tenants: 200 },
      memoryMbPerInstance: 8192,
    });
    expect(evaluate(previous, notebooks).options.find((o) => o.option === 'microvm')!.runtime).toBe('kata-containers');
    const now = evaluate(matrix, notebooks);
    expect([now.recommendation, runtimeOf(now)]).toEqual(['vm', 'kubevirt']);
  });

  it("never sends a GPU or a host device to Nomad's QEMU driver, which reserves none for its guest", () => {
    fc.assert(
      fc.property(workloadArb, fc.boolean(), (input, gpu) => {
        const workload = normalizeWorkload({ ...input, orchestration: 'nomad', ...(gpu ? { gpu: 'dedicated' } : { privileges: [...(input.privileges ?? []), 'host-devices'] }) });
        const result = evaluate(matrix, workload);
        expect(result.runtimes.find((r) => r.name === 'nomad-qemu')!.fits).toBe(false);
        expect(result.options.find((o) => o.option === 'vm')!.runtime).not.toBe('nomad-qemu');
      }),
      { numRuns: 150 },
    );
  });

  it('never answers container for untrusted code holding root over a shared host', () => {
    fc.assert(
      fc.property(workloadArb, fc.constantFrom(...ROOT_OVER_THE_HOST), (input, right) => {
        const workload = normalizeWorkload({ ...input, codeTrust: 'untrusted', privileges: [...(input.privileges ?? []), right], dedicatedHosts: false, hostAgent: false });
        const result = evaluate(matrix, workload);
        expect(result.recommendation).not.toBe('container');
        expect(result.options.find((o) => o.option === 'container')!.exclusions.map((e) => e.constraint)).toContain('untrusted-code-with-host-root-on-shared-hosts');
      }),
      { numRuns: 150 },
    );
    // The ECS build hooks a cost tie-break gave a shared host to.
    const hooks = normalizeWorkload({
      name: 'build hooks',
      codeTrust: 'untrusted',
      tenancy: 'single-tenant',
      workloadType: 'function',
      privileges: ['docker-socket'],
      orchestration: 'ecs',
      costSensitivity: 'high',
      scale: { instances: 20 },
      memoryMbPerInstance: 2048,
    });
    expect(evaluate(previous, hooks).recommendation).toBe('container');
    expect(evaluate(matrix, hooks).recommendation).toBe('hybrid');
  });

  it("keeps pod egress rules and the metadata hop limit from untrusted code on the host's network, which they do not reach", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, codeTrust: 'untrusted', privileges: [...(input.privileges ?? []), 'host-network'] });
        const result = evaluate(matrix, workload);
        if (result.recommendation !== 'container' && result.recommendation !== 'hybrid') return;
        expect(ids(result)).not.toContain('untrusted-code-reaches-nothing');
        const onHostNetwork = item(result, 'untrusted-code-on-the-host-network')!;
        expect(onHostNetwork.text).toContain('cgroup');
        expect(onHostNetwork.text).not.toContain('keep the cloud metadata endpoint');
        if (workload.orchestration === 'kubernetes') expect(podSpecOf(result).automountServiceAccountToken).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('has a host agent for GPU hosts request no GPU, and tells it how to reach the GPU nodes instead', () => {
    fc.assert(
      fc.property(workloadArb, fc.constantFrom<'shared' | 'dedicated'>('shared', 'dedicated'), (input, gpu) => {
        const result = evaluate(matrix, normalizeWorkload({ ...input, hostAgent: true, gpu, os: 'linux' }));
        if (result.recommendation !== 'container' && result.recommendation !== 'hybrid') return;
        expect(ids(result)).toContain('gpu-agent-requests-no-gpu');
        expect(ids(result)).not.toEqual(expect.arrayContaining(['gpu-toolkit']));
        expect(ids(result)).not.toContain('gpu-time-slicing-scope');
        for (const c of podSpecOf(result).containers ?? []) expect(Object.keys(c.resources?.limits ?? {}).filter((k) => k.includes('gpu') || k.includes('directx'))).toEqual([]);
        // Under the nodes' plain runtime: a driver installer runs before the nvidia handler exists.
        if (result.kubernetes?.runtimeClass) expect(result.kubernetes.runtimeClass.handler).toBe('runc');
      }),
      { numRuns: 200 },
    );
  });

  it('never puts a workload that drives host devices or runs VMs in a user namespace, and tells root there that it is root on the host', () => {
    fc.assert(
      fc.property(workloadArb, fc.boolean(), (input, devices) => {
        // Trusted single-tenant code, so that most answers are containers, where user namespaces apply.
        const trusted = { codeTrust: 'first-party', tenancy: 'single-tenant', requiresHardwareIsolation: false, compliance: [], kernelRequirements: [] } as const;
        const workload = normalizeWorkload({ ...input, ...trusted, orchestration: 'kubernetes', ...(devices ? { privileges: [...(input.privileges ?? []), 'host-devices'] } : { nestedVirtualization: true }) });
        const result = evaluate(matrix, workload);
        expect(ids(result)).not.toContain('user-namespaces');
        expect(ids(result)).not.toContain('user-namespaces-for-root');
        expect(podSpecOf(result).hostUsers).toBeUndefined();
        const rootOnSharedHosts = workload.os === 'linux' && workload.privileges.includes('root') && workload.gpu === 'none' && !workload.privileges.includes('host-network') && !workload.hostAgent && !workload.dedicatedHosts;
        if ((result.recommendation === 'container' || result.recommendation === 'hybrid') && rootOnSharedHosts) expect(ids(result)).toContain('root-with-host-devices');
      }),
      { numRuns: 200 },
    );
    const serialDevices = normalizeWorkload({ name: 'serial gateway', codeTrust: 'first-party', tenancy: 'single-tenant', orchestration: 'kubernetes', privileges: ['host-devices', 'root'], dedicatedHosts: true, scale: { instances: 2 } });
    expect(podSpecOf(evaluate(previous, serialDevices)).hostUsers).toBe(false);
    expect(podSpecOf(evaluate(matrix, serialDevices)).hostUsers).toBeUndefined();
  });

  it("walls each tenant's VMs apart on the network on KubeVirt and Nomad, and names KubeVirt's console, VNC and port-forward", () => {
    const kubevirt = evaluate(matrix, normalizeWorkload({ name: 'hosted ERP', codeTrust: 'vetted-third-party', tenancy: 'multi-tenant', legacy: true, workloadType: 'monolith', orchestration: 'kubernetes', scale: { instances: 20, tenants: 10 } }));
    expect([kubevirt.recommendation, runtimeOf(kubevirt)]).toEqual(['vm', 'kubevirt']);
    expect(item(kubevirt, 'tenant-vms-apart-on-the-network')!.text).toContain('virtualmachineinstances/console');
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const result = evaluate(matrix, workload);
        const walled = result.recommendation === 'vm' && ['kubevirt', 'nomad-qemu'].includes(runtimeOf(result)!) && workload.tenancy === 'multi-tenant' && placedWorkload(matrix, workload).pooledTenants === undefined;
        expect(ids(result).includes('tenant-vms-apart-on-the-network')).toBe(walled);
      }),
      { numRuns: 400 },
    );
  });

  it("keeps CAP_SYS_ADMIN in a gVisor pod's spec where the answer lets it keep it", () => {
    const sandboxed = evaluate(
      matrix,
      normalizeWorkload({
        name: 'mount-heavy batch',
        codeTrust: 'vetted-third-party',
        tenancy: 'multi-tenant',
        startupBudgetMs: 60,
        privileges: ['sys-admin'],
        workloadType: 'batch',
        orchestration: 'kubernetes',
        scale: { instances: 20, tenants: 20 },
      }),
    );
    expect(runtimeOf(sandboxed)).toBe('gvisor');
    expect(ids(sandboxed)).toContain('pod-keeps-sys-admin');
    expect(podSpecOf(sandboxed).containers![0].securityContext!.capabilities!.add).toEqual(['SYS_ADMIN']);
  });

  it("hardens the containers inside a Fargate task as inside any sandbox, in ECS's terms", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload({ ...input, orchestration: 'ecs', os: 'linux' });
        const result = evaluate(matrix, workload);
        if (runtimeOf(result) !== 'aws-fargate') return;
        expect(ids(result)).toEqual(expect.arrayContaining(['drop-capabilities', 'read-only-rootfs']));
        expect(ids(result).includes('non-root-user')).toBe(!workload.privileges.includes('root'));
        expect(item(result, 'drop-capabilities')!.text).toContain('SYS_PTRACE');
      }),
      { numRuns: 300 },
    );
  });

  it('asks for bare-metal TEE hosts for confidential containers, not nested cloud VMs', () => {
    const coco = evaluate(
      matrix,
      normalizeWorkload({ name: 'confidential batch', codeTrust: 'untrusted', tenancy: 'multi-tenant', confidentialComputing: true, workloadType: 'batch', orchestration: 'kubernetes', scale: { instances: 20, tenants: 20 } }),
    );
    expect(runtimeOf(coco)).toBe('kata-coco');
    expect(ids(coco)).toContain('coco-hosts-bare-metal');
    expect(ids(coco)).not.toContain('hosts-run-vms');
  });

  it('tells a workload that keeps the Docker socket on Kubernetes where a socket can exist at all', () => {
    const builder = evaluate(
      matrix,
      normalizeWorkload({ name: 'image builder', codeTrust: 'first-party', tenancy: 'single-tenant', privileges: ['docker-socket'], dedicatedHosts: true, workloadType: 'batch', orchestration: 'kubernetes', scale: { instances: 10 } }),
    );
    const text = item(builder, 'docker-socket-kept-inside')!.text;
    expect(text).toContain('dockershim');
    expect(text).toContain('supplementalGroups');
  });

  it("names hybrid's runtime in its orchestrator's terms: ECS clusters, plain VMs with no orchestrator", () => {
    const confidential = { name: 'confidential tasks', codeTrust: 'first-party', tenancy: 'multi-tenant', confidentialComputing: true, scale: { instances: 30, tenants: 10 }, memoryMbPerInstance: 2048 } as const;
    const ecs = evaluate(matrix, normalizeWorkload({ ...confidential, orchestration: 'ecs' }));
    expect(ecs.recommendation).toBe('hybrid');
    expect(ecs.rationale.summary).toContain('on per-tenant ECS clusters of Linux instances');
    expect(ecs.rationale.summary).not.toContain('node pools');
    expect(evaluate(matrix, normalizeWorkload({ ...confidential, orchestration: 'none' })).rationale.summary).toContain('on per-tenant Linux VMs');
    expect(evaluate(matrix, normalizeWorkload({ ...confidential, orchestration: 'kubernetes' })).rationale.summary).toContain('on per-tenant Linux node pools');
  });

  it('states a budget or window to the millisecond where rounding would make it read as the start it is weighed against', () => {
    const ci = evaluate(matrix, normalizeWorkload({ name: 'ci', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'batch', orchestration: 'kubernetes', scale: { instances: 40, tenants: 40 }, startupBudgetMs: 1499 }));
    expect(ci.rationale.summary).toContain('beyond the 1,499 ms budget');
    const legacy = normalizeWorkload({ name: 'legacy', codeTrust: 'first-party', tenancy: 'single-tenant', legacy: true, workloadType: 'monolith', scale: { instances: 4 }, memoryMbPerInstance: 4096, startupBudgetMs: 5999 });
    expect(JSON.stringify(evaluate(previous, legacy).options)).toContain('more than 5 times the 6 s start-up budget');
    expect(JSON.stringify(evaluate(matrix, legacy).options)).toContain('more than 5 times the 5,999 ms start-up budget');
    // A round budget reads as before.
    const round = evaluate(matrix, normalizeWorkload({ name: 'ci', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'batch', orchestration: 'kubernetes', scale: { instances: 40, tenants: 40 }, startupBudgetMs: 1200 }));
    expect(round.rationale.summary).toContain('beyond the 1.2 s budget');
  });

  it('cautions where a scale-out window stated without a burst is shorter than the start', () => {
    const windows = normalizeWorkload({
      name: 'line-of-business app',
      codeTrust: 'first-party',
      tenancy: 'single-tenant',
      os: 'windows',
      legacy: true,
      workloadType: 'monolith',
      scale: { instances: 10, scaleOutSeconds: 20 },
      memoryMbPerInstance: 4096,
    });
    const now = evaluate(matrix, windows);
    expect(now.recommendation).toBe('vm');
    expect(now.rationale.summary).toContain('Caution: even at its fastest, 30 s, Virtual machine starts an instance after the 20 s in which it must scale out');
    expect(evaluate(previous, windows).rationale.summary).not.toContain('Caution');
  });

  it('never calls hosts larger than the reference host the same as reference hosts', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = evaluate(matrix, normalizeWorkload(input));
        const same = /need the same (\d+) (larger )?hosts?/.exec(result.rationale.summary);
        if (!same) return;
        const [winner, runnerUp] = [result.recommendation, result.rationale.runnerUp].map((o) => result.estimates.options.find((x) => x.option === o)!);
        expect(Boolean(winner.largerHostsNeeded)).toBe(Boolean(runnerUp.largerHostsNeeded));
      }),
      { numRuns: 400 },
    );
    const cache = evaluate(matrix, normalizeWorkload({ name: 'cache', codeTrust: 'vetted-third-party', tenancy: 'single-tenant', orchestration: 'kubernetes', scale: { instances: 10 }, memoryMbPerInstance: 27_800 }));
    expect(cache.rationale.summary).toContain('need 10 larger hosts instead of 10 hosts');
  });

  it('says the VMs the fill rating reads are the fewest the walls allow, where the estimate packs more', () => {
    const regulated = evaluate(
      matrix,
      normalizeWorkload({ name: 'records', codeTrust: 'first-party', tenancy: 'multi-tenant', compliance: ['hipaa'], requiresHardwareIsolation: true, orchestration: 'kubernetes', scale: { instances: 30, tenants: 10 }, memoryMbPerInstance: 5000 }),
    );
    expect(regulated.recommendation).toBe('hybrid');
    expect(regulated.estimates.options.find((o) => o.option === 'hybrid')!.tenantVmsPlanned).toBe(20);
    expect(regulated.rationale.summary).toContain('Its 10 tenants get 20 VMs of their own');
    expect(regulated.rationale.summary).toContain('It needs 10 tenant VMs at least, which would hold 3 instances each on average, so hybrid is rated');
    expect(regulated.rationale.summary).not.toContain('Its 10 tenant VMs hold');
  });

  it("words a host agent's one VM in the singular, and never calls an agent whose tenants share its instances single-tenant", () => {
    const one = evaluate(matrix, normalizeWorkload({ name: 'agent', codeTrust: 'untrusted', tenancy: 'multi-tenant', hostAgent: true, privileges: ['privileged'], orchestration: 'kubernetes', scale: { instances: 1, tenants: 1 } }));
    expect(one.recommendation).toBe('hybrid');
    expect(one.rationale.summary).toContain('It runs a copy in its one tenant VM, the node it serves');
    const pooled = evaluate(
      matrix,
      normalizeWorkload({
        name: 'node-agent',
        codeTrust: 'vetted-third-party',
        tenancy: 'multi-tenant',
        hostAgent: true,
        orchestration: 'kubernetes',
        privileges: ['docker-socket'],
        confidentialComputing: true,
        scale: { instances: 50, tenants: 300 },
      }),
    );
    expect(pooled.recommendation).toBe('hybrid');
    expect(pooled.rationale.summary).toContain('Its 300 tenants share its 50 instances');
    expect(pooled.rationale.summary).not.toContain('With a single tenant');
  });
});
