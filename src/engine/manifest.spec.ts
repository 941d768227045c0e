import { parse } from 'yaml';
import { EngineError, deriveWorkload, evaluate, loadMatrix, normalizeWorkload } from './index.js';
import { readMatrixDocument } from '../../test/support/factories.js';

const deployment = parse(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: gpu-inference }
spec:
  replicas: 6
  template:
    spec:
      runtimeClassName: kata-qemu
      hostNetwork: true
      nodeSelector: { kubernetes.io/os: linux }
      volumes:
        - name: sock
          hostPath: { path: /var/run/docker.sock }
        - name: logs
          hostPath: { path: /var/log }
      containers:
        - name: server
          image: example/inference:1
          securityContext: { privileged: true, capabilities: { add: [SYS_ADMIN] } }
          resources: { limits: { nvidia.com/gpu: 1 } }
`);

describe('deriving a workload from a Kubernetes manifest', () => {
  it('reads privileges, GPU, OS, replicas and the current runtime, each with its path', () => {
    const derived = deriveWorkload(deployment);
    expect(derived.workload).toEqual({
      name: 'gpu-inference',
      orchestration: 'kubernetes',
      workloadType: 'microservice',
      os: 'linux',
      gpu: 'dedicated',
      scale: { instances: 6 },
      currentPlacement: 'microvm',
      privileges: ['docker-socket', 'host-mounts', 'host-network', 'privileged', 'sys-admin'],
    });
    expect(derived.provenance).toMatchObject({
      name: 'metadata.name',
      'scale.instances': 'spec.replicas',
      gpu: 'spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]',
      os: 'spec.template.spec.nodeSelector["kubernetes.io/os"]',
      currentPlacement: 'spec.template.spec.runtimeClassName',
    });
    expect(derived.provenance.privileges).toContain('spec.template.spec.volumes[0].hostPath');
    expect(derived.missing).toEqual(expect.arrayContaining(['codeTrust', 'tenancy', 'compliance']));
    expect(derived.currentPlacement).toBe('microvm');
  });

  it('reads the pod template of every supported kind', () => {
    const pod = { containers: [{ name: 'c', image: 'i', resources: { limits: { 'nvidia.com/mig-1g.5gb': 1 } } }] };
    expect(deriveWorkload({ kind: 'Pod', metadata: { name: 'p' }, spec: pod }).workload).toMatchObject({ workloadType: 'microservice', gpu: 'shared', gpuSharing: 'mig', currentPlacement: 'container' });
    expect(deriveWorkload({ kind: 'StatefulSet', spec: { replicas: 3, template: { spec: pod } } }).workload).toMatchObject({ workloadType: 'stateful-service', scale: { instances: 3 } });
    expect(deriveWorkload({ kind: 'DaemonSet', spec: { template: { spec: pod } } }).workload.workloadType).toBe('microservice');
    expect(deriveWorkload({ kind: 'Job', spec: { parallelism: 4, template: { spec: pod } } }).workload).toMatchObject({ workloadType: 'batch', scale: { instances: 4 } });
    expect(deriveWorkload({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { ...pod, securityContext: { runAsUser: 0 } } } } } } }).workload).toMatchObject({ workloadType: 'batch', privileges: ['root'] });
    expect(deriveWorkload({ kind: 'Pod', spec: pod }).missing).toContain('name');
  });

  it('refuses what is not a supported workload manifest with a coded error naming the path', () => {
    const cases: [unknown, string][] = [
      ['just text', '(root)'],
      [[{ kind: 'Pod' }], '(root)'],
      [{ kind: 'Service', spec: {} }, 'kind'],
      [{ spec: {} }, 'kind'],
      [{ kind: 'Deployment', spec: { template: { spec: { containers: [] } } } }, 'spec.template.spec.containers'],
    ];
    for (const [input, path] of cases) {
      try {
        deriveWorkload(input);
        throw new Error('expected a MANIFEST_INVALID error');
      } catch (error) {
        expect(error).toBeInstanceOf(EngineError);
        expect((error as EngineError).code).toBe('MANIFEST_INVALID');
        expect((error as EngineError).problems[0].path).toBe(path);
      }
    }
  });

  it('says a manifest without a kind has none, rather than naming it undefined', () => {
    expect(() => deriveWorkload({ apiVersion: 'v1', spec: {} })).toThrow('The manifest has no kind; use Pod, Deployment');
  });

  it('gives a draft that, completed with what the manifest cannot tell, evaluates and judges the current placement', () => {
    const { workload } = deriveWorkload(deployment);
    const result = evaluate(loadMatrix(readMatrixDocument('2026.2')), normalizeWorkload({ ...workload, codeTrust: 'untrusted', tenancy: 'multi-tenant' }));
    expect(result.currentPlacement?.option).toBe('microvm');
    expect(['acceptable', 'risk', 'ruled-out']).toContain(result.currentPlacement?.status);
  });
});
