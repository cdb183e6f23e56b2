import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { allStrings, expectNoWildcards, find, Manifest, ruleLines } from './helpers';
import { AgentNamespace, CniAgent, CniPreset, CsiNodePlugin, Falco, LogCollector, LogCollectorFlavor, NodeExporter, NvidiaDevicePlugin } from '../../src/agents';
import { grantCluster, grantNamespaced, policyRuleProblems } from '../../src/agents/rbac';

describe('policy rules are explicit', () => {
  test.each([
    ['a wildcard API group', { apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }, 'r: rules[0].apiGroups[0]: Forbidden: "*" grants every API group; list the ones the agent needs'],
    ['a wildcard resource', { apiGroups: [''], resources: ['pods', '*'], verbs: ['get'] }, 'r: rules[0].resources[1]: Forbidden: "*" grants every resource; list the ones the agent needs'],
    ['a wildcard verb', { apiGroups: [''], resources: ['pods'], verbs: ['*'] }, 'r: rules[0].verbs[0]: Forbidden: "*" grants every verb; list the ones the agent needs'],
    ['no verbs', { apiGroups: [''], resources: ['pods'], verbs: [] }, 'r: rules[0].verbs: Required value: list at least one verb'],
    ['no API groups', { apiGroups: [], resources: ['pods'], verbs: ['get'] }, "r: rules[0].apiGroups: Required value: list at least one API group ('' for the core group)"],
    ['an empty resource', { apiGroups: [''], resources: [' '], verbs: ['get'] }, 'r: rules[0].resources[0]: Invalid value: "": must not be empty'],
    ['a wildcard resource name', { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['*'] }, 'r: rules[0].resourceNames[0]: Invalid value: "*": name one object per entry (no wildcards, not empty)'],
  ])('rejects %s', (_name, rule, message) => {
    expect(policyRuleProblems([rule], 'r:')).toEqual([message]);
  });

  test('accepts the core group as an empty string', () => {
    expect(policyRuleProblems([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], 'r:')).toEqual([]);
  });

  test('grantCluster renders one rule per group, resource and name, bound to the ServiceAccount', () => {
    const chart = Testing.chart();
    const sa = new kplus.ServiceAccount(chart, 'SA', { metadata: { name: 'agent', namespace: 'ns' } });
    grantCluster(chart, 'Role', { name: 'agent', labels: { a: 'b' } }, [
      { apiGroups: ['', 'apps'], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['one', 'two'] },
    ], sa);
    const manifests = Testing.synth(chart);
    expect(ruleLines(manifests, 'agent')).toEqual(['core/pods: get,list', 'apps/pods: get,list', 'core/configmaps[one]: get', 'core/configmaps[two]: get']);
    expect(find(manifests, 'ClusterRoleBinding', 'agent').roleRef.name).toBe('agent');
  });

  test('grantNamespaced renders a Role and RoleBinding in the namespace', () => {
    const chart = Testing.chart();
    const sa = new kplus.ServiceAccount(chart, 'SA', { metadata: { name: 'agent', namespace: 'ns' } });
    grantNamespaced(chart, 'Role', { name: 'agent-config', namespace: 'ns', labels: {} }, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }], sa);
    const manifests = Testing.synth(chart);
    expect(ruleLines(manifests, 'agent-config', 'Role')).toEqual(['core/configmaps: get']);
    expect(find(manifests, 'RoleBinding', 'agent-config')).toMatchObject({ metadata: { namespace: 'ns' }, roleRef: { kind: 'Role', name: 'agent-config' } });
  });
});

describe('the whole catalogue', () => {
  const chart = Testing.chart();
  new LogCollector(chart, 'FluentBit');
  new LogCollector(chart, 'Fluentd', { flavor: LogCollectorFlavor.FLUENTD });
  new LogCollector(chart, 'Vector', { flavor: LogCollectorFlavor.VECTOR });
  new NodeExporter(chart, 'NodeExporter');
  new CniAgent(chart, 'Cilium');
  new CniAgent(chart, 'Calico', { preset: CniPreset.CALICO });
  new CniAgent(chart, 'Flannel', { preset: CniPreset.FLANNEL });
  new CsiNodePlugin(chart, 'Ebs', { driverName: 'ebs.csi.aws.com', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.64.0', rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] });
  new Falco(chart, 'Falco');
  new NvidiaDevicePlugin(chart, 'Gpu');
  const manifests: Manifest[] = Testing.synth(chart);

  test('no RBAC rule anywhere uses a wildcard', () => {
    expect(manifests.filter((m) => m.kind === 'ClusterRole').length).toBeGreaterThanOrEqual(8);
    expectNoWildcards(manifests);
    const rbac = manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role');
    expect(allStrings(rbac.map((r) => r.rules))).not.toContain('*');
  });

  test('every image is pinned to a version (never latest, never untagged)', () => {
    const images = manifests.filter((m) => m.kind === 'DaemonSet')
      .flatMap((ds) => [...ds.spec.template.spec.containers, ...(ds.spec.template.spec.initContainers ?? [])])
      .map((c: Manifest) => c.image as string);
    expect(images.length).toBeGreaterThanOrEqual(20);
    for (const image of images) {
      expect(image).toMatch(/:[A-Za-z0-9_][A-Za-z0-9_.-]*$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  test('every DaemonSet carries its role and a fixed name + instance selector', () => {
    for (const ds of manifests.filter((m) => m.kind === 'DaemonSet')) {
      expect(Object.keys(ds.spec.selector.matchLabels).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
      expect(ds.metadata.annotations['cdk8s-node-agents.io/role']).toMatch(/^(cni|csi|log-collector|node-exporter|runtime-security|device-plugin)$/);
    }
  });

  test('each created namespace appears once and before the objects in it', () => {
    const namespaces = manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name);
    expect(namespaces).toEqual(['logging', 'monitoring', 'kube-flannel', 'falco', 'nvidia-device-plugin']);
    for (const ns of namespaces) {
      const nsIndex = manifests.findIndex((m) => m.kind === 'Namespace' && m.metadata.name === ns);
      const first = manifests.findIndex((m) => m.metadata.namespace === ns);
      expect(nsIndex).toBeLessThan(first);
      expect(AgentNamespace.of(chart, ns).created).toBe(true);
    }
  });
});
