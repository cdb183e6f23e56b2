import { projectPodForPlacement } from '../../src/input/project';

describe('projectPodForPlacement keeps what the engine reads', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { a: 'b' }, ownerReferences: [{ kind: 'DaemonSet', name: 'ds' }], annotations: { big: 'x'.repeat(1000) }, managedFields: [{}] },
    spec: {
      nodeName: 'n1',
      hostNetwork: true,
      overhead: { cpu: '10m' },
      volumes: [{ name: 'v' }],
      tolerations: [{ operator: 'Exists' }],
      containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '1' } }, ports: [{ containerPort: 80, hostPort: 80 }], env: [{ name: 'A' }] }],
      initContainers: [{ name: 'i', image: 'y:1', restartPolicy: 'Always', resources: { limits: { memory: '1Gi' } } }],
    },
    status: { phase: 'Running', conditions: [{}], podIP: '10.0.0.1' },
  };

  test('identity, owner, node, phase, ports, requests, overhead, hostNetwork', () => {
    expect(projectPodForPlacement(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { a: 'b' }, ownerReferences: [{ kind: 'DaemonSet', name: 'ds' }] },
      spec: {
        nodeName: 'n1',
        hostNetwork: true,
        overhead: { cpu: '10m' },
        containers: [{ name: 'c', resources: { requests: { cpu: '1' } }, ports: [{ containerPort: 80, hostPort: 80 }] }],
        initContainers: [{ name: 'i', restartPolicy: 'Always', resources: { limits: { memory: '1Gi' } } }],
      },
      status: { phase: 'Running' },
    });
  });

  test('malformed values are kept as they are, for the shape checks to report', () => {
    expect(projectPodForPlacement({ metadata: 'x', spec: { containers: 'nope' }, status: 5 })).toEqual({ metadata: 'x', spec: { containers: 'nope' }, status: 5 });
    expect(projectPodForPlacement('junk')).toBe('junk');
    expect(projectPodForPlacement({ spec: { containers: [1, { name: 'c' }] } })).toEqual({ spec: { containers: [1, { name: 'c' }] } });
  });
});
