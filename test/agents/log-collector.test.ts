import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parse as parseYaml } from 'yaml';
import { containerOf, expectNoWildcards, find, hostMounts, kinds, podSpec, ruleLines, synth } from './helpers';
import { AgentTolerations, AgentUpdateStrategy, TolerationOperator } from '../../src';
import { LogCollector, LogCollectorFlavor, LogOutput } from '../../src/agents';
import { configChecksum } from '../../src/agents/common';

describe('LogCollector: Fluent Bit defaults', () => {
  let collector!: LogCollector;
  const manifests = synth((chart) => {
    collector = new LogCollector(chart, 'Logs');
  });
  const ds = find(manifests, 'DaemonSet', 'fluent-bit');
  const pod = podSpec(ds);
  const main = containerOf(ds, 'fluent-bit');
  const conf: string = find(manifests, 'ConfigMap', 'fluent-bit').data['fluent-bit.conf'];

  test('emits the Namespace first, then SA, RBAC, ConfigMap, DaemonSet and Service', () => {
    expect(kinds(manifests)).toEqual([
      'Namespace logging',
      'ServiceAccount logging/fluent-bit',
      'ClusterRole fluent-bit',
      'ClusterRoleBinding fluent-bit',
      'ConfigMap logging/fluent-bit',
      'DaemonSet logging/fluent-bit',
      'Service logging/fluent-bit',
    ]);
  });

  test('pins the chart 0.58.1 image and command', () => {
    expect(main.image).toBe('cr.fluentbit.io/fluent/fluent-bit:5.1.1');
    expect(main.command).toEqual(['/fluent-bit/bin/fluent-bit']);
    expect(main.args).toEqual(['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.conf']);
  });

  test('tolerates every taint, Linux only, off virtual nodes', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
      matchExpressions: [
        { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
        { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
      ],
    }]);
  });

  test('reads /var/log/containers and /var/log/pods read-only and keeps positions on a writable hostPath', () => {
    expect(hostMounts(ds, main)).toEqual([
      { volume: 'var-log-containers', hostPath: '/var/log/containers', type: '', mountPath: '/var/log/containers', readOnly: true },
      { volume: 'var-log-pods', hostPath: '/var/log/pods', type: '', mountPath: '/var/log/pods', readOnly: true },
      { volume: 'state', hostPath: '/var/lib/fluent-bit', type: 'DirectoryOrCreate', mountPath: '/var/lib/fluent-bit', readOnly: false },
    ]);
    expect(main.volumeMounts).toContainEqual({ name: 'config', mountPath: '/fluent-bit/etc/conf', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: 'fluent-bit' } });
  });

  test('requests and limits from the chart example', () => {
    expect(main.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
  });

  test('rolls one node at a time, system-node-critical, 30s grace', () => {
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.terminationGracePeriodSeconds).toBe(30);
  });

  test('runs as root (log files are root-owned) with every capability dropped and a read-only root filesystem', () => {
    expect(main.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: false,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.hostNetwork).toBe(false);
    expect(pod.hostPID).toBeUndefined();
  });

  test('exposes the metrics port with liveness and health-check readiness probes', () => {
    expect(main.ports).toEqual([{ name: 'http', containerPort: 2020, protocol: 'TCP' }]);
    expect(main.livenessProbe.httpGet).toMatchObject({ path: '/', port: 2020 });
    expect(main.readinessProbe.httpGet).toMatchObject({ path: '/api/v2/health', port: 2020 });
  });

  test('ClusterRole is limited to get/list/watch on pods and namespaces, bound to the agent ServiceAccount', () => {
    expect(ruleLines(manifests, 'fluent-bit')).toEqual(['core/namespaces: get,list,watch', 'core/pods: get,list,watch']);
    expectNoWildcards(manifests);
    const binding = find(manifests, 'ClusterRoleBinding', 'fluent-bit');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'fluent-bit' });
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'fluent-bit', namespace: 'logging' }]);
    expect(pod.serviceAccountName).toBe('fluent-bit');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('ConfigMap: tail input with a position DB, kubernetes filter, Elasticsearch output', () => {
    expect(conf).toContain('[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n    Exclude_Path /var/log/containers/fluent-bit-*_logging_*.log\n');
    expect(conf).toContain('    multiline.parser docker, cri\n    Tag kube.*\n    Mem_Buf_Limit 5MB\n    Skip_Long_Lines On\n    DB /var/lib/fluent-bit/flb_kube.db\n');
    expect(conf).toContain('[FILTER]\n    Name kubernetes\n    Match kube.*\n    Merge_Log On\n    Keep_Log Off\n    K8S-Logging.Parser On\n    K8S-Logging.Exclude On');
    expect(conf).toContain('[OUTPUT]\n    Name es\n    Match *\n    Host elasticsearch-master\n    Port 9200\n    Logstash_Format On\n');
    expect(conf).toContain('    HTTP_Server On\n    HTTP_Listen 0.0.0.0\n    HTTP_Port 2020\n    Health_Check On');
    expect(conf).not.toContain('systemd');
    expect(find(manifests, 'ConfigMap', 'fluent-bit').data['custom_parsers.conf']).toContain('Name docker_no_time');
  });

  test('checksum/config is the sha256 of the ConfigMap data', () => {
    const checksum = ds.spec.template.metadata.annotations['checksum/config'];
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum).toBe(configChecksum([collector.configMap]));
  });

  test('metrics Service selects the DaemonSet pods; no ServiceMonitor by default', () => {
    const svc = find(manifests, 'Service', 'fluent-bit');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 2020, targetPort: 2020, protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual(ds.spec.selector.matchLabels);
    expect(manifests.some((m) => m.kind === 'ServiceMonitor')).toBe(false);
  });

  test('Namespace is labelled privileged (hostPath volumes) for enforce, audit and warn', () => {
    expect(find(manifests, 'Namespace', 'logging').metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk8s-node-agents',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'v1.28',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/audit-version': 'v1.28',
      'pod-security.kubernetes.io/warn': 'privileged',
      'pod-security.kubernetes.io/warn-version': 'v1.28',
    });
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('LogCollector: checksum/config', () => {
  const checksumOf = (output: LogOutput) => {
    const m = synth((chart) => new LogCollector(chart, 'Logs', { output }));
    return find(m, 'DaemonSet', 'fluent-bit').spec.template.metadata.annotations['checksum/config'];
  };

  test('is deterministic and changes with the configuration', () => {
    const a = checksumOf(LogOutput.loki({ host: 'loki' }));
    expect(checksumOf(LogOutput.loki({ host: 'loki' }))).toBe(a);
    expect(checksumOf(LogOutput.loki({ host: 'loki-2' }))).not.toBe(a);
  });

  test('follows data added to the ConfigMap after construction', () => {
    let collector!: LogCollector;
    const m = synth((chart) => {
      collector = new LogCollector(chart, 'Logs');
      collector.configMap.addData('extra.conf', '# extra');
    });
    const annotation = find(m, 'DaemonSet', 'fluent-bit').spec.template.metadata.annotations['checksum/config'];
    expect(annotation).toBe(configChecksum([collector.configMap]));
    expect(annotation).not.toBe(checksumOf(LogOutput.elasticsearch({ host: 'elasticsearch-master' })));
  });

  test('does not depend on the order keys were added', () => {
    const order = (keys: string[]) => {
      let collector!: LogCollector;
      synth((chart) => {
        collector = new LogCollector(chart, 'Logs');
        for (const k of keys) collector.configMap.addData(k, k);
      });
      return configChecksum([collector.configMap]);
    };
    expect(order(['a.conf', 'b.conf'])).toBe(order(['b.conf', 'a.conf']));
  });
});

describe('LogCollector: journald and Docker log directories', () => {
  const manifests = synth((chart) => new LogCollector(chart, 'Logs', { journald: true, dockerContainerLogs: true }));
  const ds = find(manifests, 'DaemonSet', 'fluent-bit');

  test('mounts the journal, machine-id and Docker containers read-only', () => {
    const mounts = hostMounts(ds, containerOf(ds, 'fluent-bit'));
    expect(mounts).toContainEqual({ volume: 'var-lib-docker-containers', hostPath: '/var/lib/docker/containers', type: '', mountPath: '/var/lib/docker/containers', readOnly: true });
    expect(mounts).toContainEqual({ volume: 'var-log-journal', hostPath: '/var/log/journal', type: '', mountPath: '/var/log/journal', readOnly: true });
    expect(mounts).toContainEqual({ volume: 'etc-machine-id', hostPath: '/etc/machine-id', type: 'File', mountPath: '/etc/machine-id', readOnly: true });
  });

  test('adds a systemd input for the kubelet unit with its own position DB', () => {
    const conf = find(manifests, 'ConfigMap', 'fluent-bit').data['fluent-bit.conf'];
    expect(conf).toContain('[INPUT]\n    Name systemd\n    Tag host.*\n    Path /var/log/journal\n    Systemd_Filter _SYSTEMD_UNIT=kubelet.service\n    Read_From_Tail On\n    DB /var/lib/fluent-bit/flb_systemd.db');
  });
});

describe('LogCollector: Fluentd', () => {
  const manifests = synth((chart) => new LogCollector(chart, 'Logs', { flavor: LogCollectorFlavor.FLUENTD, journald: true }));
  const ds = find(manifests, 'DaemonSet', 'fluentd');
  const main = containerOf(ds, 'fluentd');
  const conf: string = find(manifests, 'ConfigMap', 'fluentd').data['fluent.conf'];

  test('image, env and mounts of the fluentd chart', () => {
    expect(main.image).toBe('fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch7-1.1');
    expect(main.env).toContainEqual({ name: 'FLUENTD_CONF', value: '../../../etc/fluent/fluent.conf' });
    expect(main.env).toContainEqual({ name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    expect(main.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/fluent', readOnly: true });
    expect(hostMounts(ds, main).map((m) => `${m.hostPath}:${m.readOnly ? 'ro' : 'rw'}`)).toEqual([
      '/var/log/containers:ro', '/var/log/pods:ro', '/var/log/journal:ro', '/etc/machine-id:ro', '/var/lib/fluentd:rw',
    ]);
    expect(main.resources).toEqual({ requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '128Mi' } });
    expect(main.securityContext.readOnlyRootFilesystem).toBe(false);
  });

  test('tail source with pos_file, kubernetes_metadata filter, systemd source and the output', () => {
    expect(conf).toContain('  @type tail\n  @id in_tail_container_logs\n  @label @KUBERNETES\n  path /var/log/containers/*.log\n  exclude_path ["/var/log/containers/fluentd-*_logging_*.log"]\n  pos_file /var/lib/fluentd/fluentd-containers.log.pos\n');
    expect(conf).toContain('  <filter kubernetes.**>\n    @type kubernetes_metadata\n');
    expect(conf).toContain('  @type systemd\n  @id in_systemd_kubelet\n  @label @OUTPUT\n  matches [{ "_SYSTEMD_UNIT": "kubelet.service" }]\n');
    expect(conf).toContain('<label @OUTPUT>\n  <match **>\n    @type elasticsearch\n    host elasticsearch-master\n    port 9200\n');
    expect(conf).toContain('<source>\n  @type prometheus\n  bind 0.0.0.0\n  port 24231\n  metrics_path /metrics\n</source>');
  });

  test('metrics port and probes on /metrics; same RBAC as Fluent Bit', () => {
    expect(main.ports).toEqual([{ name: 'metrics', containerPort: 24231, protocol: 'TCP' }]);
    expect(main.livenessProbe.httpGet).toMatchObject({ path: '/metrics', port: 24231 });
    expect(main.readinessProbe.httpGet).toMatchObject({ path: '/metrics', port: 24231 });
    expect(ruleLines(manifests, 'fluentd')).toEqual(['core/namespaces: get,list,watch', 'core/pods: get,list,watch']);
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('LogCollector: Vector', () => {
  const manifests = synth((chart) => new LogCollector(chart, 'Logs', { flavor: LogCollectorFlavor.VECTOR }));
  const ds = find(manifests, 'DaemonSet', 'vector');
  const main = containerOf(ds, 'vector');
  const config = parseYaml(find(manifests, 'ConfigMap', 'vector').data['agent.yaml']);

  test('agent config: kubernetes_logs source (tail + metadata), data_dir on the hostPath, console output', () => {
    expect(config.data_dir).toBe('/vector-data-dir');
    expect(config.sources.kubernetes_logs).toEqual({ type: 'kubernetes_logs' });
    expect(config.sinks.output).toEqual({ type: 'console', inputs: ['kubernetes_logs'], encoding: { codec: 'json' } });
    expect(config.sinks.prom_exporter).toEqual({ type: 'prometheus_exporter', inputs: ['internal_metrics'], address: '0.0.0.0:9090' });
    expect(config.api).toEqual({ enabled: true, address: '0.0.0.0:8686' });
    expect(hostMounts(ds, main)).toContainEqual({ volume: 'state', hostPath: '/var/lib/vector', type: 'DirectoryOrCreate', mountPath: '/vector-data-dir', readOnly: false });
  });

  test('image, grace period, own-pod exclusion label and probes of the vector chart', () => {
    expect(main.image).toBe('docker.io/timberio/vector:0.56.0-distroless-libc');
    expect(podSpec(ds).terminationGracePeriodSeconds).toBe(60);
    expect(ds.spec.template.metadata.labels['vector.dev/exclude']).toBe('true');
    expect(main.readinessProbe.httpGet).toMatchObject({ path: '/health', port: 8686 });
    expect(main.ports).toEqual([
      { name: 'prom-exporter', containerPort: 9090, protocol: 'TCP' },
      { name: 'api', containerPort: 8686, protocol: 'TCP' },
    ]);
    expect(main.env).toContainEqual({ name: 'VECTOR_SELF_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  test('RBAC is the chart\'s list/watch on namespaces, nodes and pods', () => {
    expect(ruleLines(manifests, 'vector')).toEqual(['core/namespaces: list,watch', 'core/nodes: list,watch', 'core/pods: list,watch']);
  });

  test('journald switches to the Debian image (journalctl) and adds the journald source', () => {
    const m = synth((chart) => new LogCollector(chart, 'Logs', { flavor: LogCollectorFlavor.VECTOR, journald: true }));
    const d = find(m, 'DaemonSet', 'vector');
    expect(containerOf(d, 'vector').image).toBe('docker.io/timberio/vector:0.56.0-debian');
    const c = parseYaml(find(m, 'ConfigMap', 'vector').data['agent.yaml']);
    expect(c.sources.journald).toEqual({ type: 'journald', journal_directory: '/var/log/journal', include_units: ['kubelet.service'] });
    expect(c.sinks.output.inputs).toEqual(['kubernetes_logs', 'journald']);
  });

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('LogOutput', () => {
  const fluentBit = (output: LogOutput) => output._renderFluentBit('*');

  test.each([
    ['stdout', LogOutput.stdout(), '[OUTPUT]\n    Name stdout\n    Match *\n    Format json_lines'],
    ['loki', LogOutput.loki({ host: 'loki.monitoring' }), '[OUTPUT]\n    Name loki\n    Match *\n    Host loki.monitoring\n    Port 3100\n    Labels job=fluent-bit\n    Auto_Kubernetes_Labels On'],
    ['forward', LogOutput.forward({ host: 'aggregator' }), '[OUTPUT]\n    Name forward\n    Match *\n    Host aggregator\n    Port 24224'],
    ['http with TLS', LogOutput.http({ host: 'logs.example.com', path: '/ingest', tls: true }), '[OUTPUT]\n    Name http\n    Match *\n    Host logs.example.com\n    Port 443\n    URI /ingest\n    Format json\n    tls On\n    tls.verify On'],
    ['elasticsearch', LogOutput.elasticsearch({ host: 'es', indexPrefix: 'k8s' }), '[OUTPUT]\n    Name es\n    Match *\n    Host es\n    Port 9200\n    Logstash_Format On\n    Logstash_Prefix k8s\n    Suppress_Type_Name On\n    Retry_Limit False'],
  ])('Fluent Bit %s', (_name, output, expected) => {
    expect(fluentBit(output)).toBe(expected);
  });

  test.each([
    ['stdout', LogOutput.stdout(), '@type stdout'],
    ['forward', LogOutput.forward({ host: 'agg', port: 24225 }), '@type forward\n<server>\n  host agg\n  port 24225\n</server>'],
    ['http', LogOutput.http({ host: 'h', port: 8080 }), '@type http\nendpoint http://h:8080/\njson_array true\n<format>\n  @type json\n</format>'],
    ['elasticsearch with TLS', LogOutput.elasticsearch({ host: 'es', tls: true }), '@type elasticsearch\nhost es\nport 9200\nscheme https\nlogstash_format true\nlogstash_prefix logstash\nverify_es_version_at_startup false'],
  ])('Fluentd %s', (_name, output, expected) => {
    expect(output._renderFluentd()).toBe(expected);
  });

  test.each([
    ['loki', LogOutput.loki({ host: 'loki' }), { type: 'loki', inputs: ['in'], endpoint: 'http://loki:3100/', encoding: { codec: 'json' }, labels: { job: 'vector' } }],
    ['http', LogOutput.http({ host: 'h' }), { type: 'http', inputs: ['in'], uri: 'http://h:80/', encoding: { codec: 'json' } }],
    ['elasticsearch', LogOutput.elasticsearch({ host: 'es' }), { type: 'elasticsearch', inputs: ['in'], endpoints: ['http://es:9200/'], mode: 'bulk', bulk: { index: 'logstash-%Y.%m.%d' } }],
    ['raw', LogOutput.raw(LogCollectorFlavor.VECTOR, 'type: aws_s3\nbucket: logs\n'), { type: 'aws_s3', bucket: 'logs', inputs: ['in'] }],
  ])('Vector %s', (_name, output, expected) => {
    expect(output._renderVector(['in'])).toEqual(expected);
  });

  test('raw outputs are used verbatim by their own flavor', () => {
    expect(LogOutput.raw(LogCollectorFlavor.FLUENT_BIT, '[OUTPUT]\n    Name null\n    Match *\n')._renderFluentBit('*')).toBe('[OUTPUT]\n    Name null\n    Match *');
    expect(LogOutput.raw(LogCollectorFlavor.FLUENTD, '@type null')._renderFluentd()).toBe('@type null');
  });

  test.each([
    ['loki with Fluentd', () => LogOutput.loki({ host: 'l' })._renderFluentd(), 'LogOutput.loki is not available with LogCollectorFlavor.FLUENTD: the fluentd-kubernetes-daemonset image has no Loki plugin'],
    ['forward with Vector', () => LogOutput.forward({ host: 'a' })._renderVector(['x']), 'LogOutput.forward is not available with LogCollectorFlavor.VECTOR: Vector has no Fluent forward sink'],
    ['a Fluentd raw output in Fluent Bit', () => LogOutput.raw(LogCollectorFlavor.FLUENTD, '@type null')._renderFluentBit('*'), 'LogOutput.raw(LogCollectorFlavor.FLUENTD, ...) cannot be used by a LogCollectorFlavor.FLUENT_BIT collector'],
    ['a host with spaces', () => LogOutput.elasticsearch({ host: 'es master' }), 'LogOutput.elasticsearch: host "es master" must be a host name or IP address'],
    ['port 0', () => LogOutput.forward({ host: 'a', port: 0 }), 'LogOutput.forward: port 0 must be an integer between 1 and 65535'],
    ['an upper-case index prefix', () => LogOutput.elasticsearch({ host: 'es', indexPrefix: 'K8s' }), 'LogOutput.elasticsearch: indexPrefix "K8s" must be lower-case'],
    ['an HTTP path without slash', () => LogOutput.http({ host: 'h', path: 'x' }), 'LogOutput.http: path "x" must start with "/"'],
    ['a Fluent Bit raw output without [OUTPUT]', () => LogOutput.raw(LogCollectorFlavor.FLUENT_BIT, 'Name null'), 'a Fluent Bit output must start with an [OUTPUT] section header'],
    ['a Fluentd raw output without @type', () => LogOutput.raw(LogCollectorFlavor.FLUENTD, 'host x'), 'must start with "@type <plugin>"'],
    ['a Vector raw output without type', () => LogOutput.raw(LogCollectorFlavor.VECTOR, 'bucket: x'), 'must have a "type"'],
    ['an empty raw output', () => LogOutput.raw(LogCollectorFlavor.VECTOR, '  '), 'LogOutput.raw: config is empty'],
  ])('rejects %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });

  test('a Fluentd collector with a Loki output fails at construction with the reason', () => {
    expect(() => synth((chart) => new LogCollector(chart, 'L', { flavor: LogCollectorFlavor.FLUENTD, output: LogOutput.loki({ host: 'loki' }) })))
      .toThrow('the fluentd-kubernetes-daemonset image has no Loki plugin');
  });
});

describe('LogCollector: every default can be overridden', () => {
  const manifests = synth((chart) => new LogCollector(chart, 'Logs', {
    name: 'shipper',
    namespace: 'observability',
    image: 'cr.fluentbit.io/fluent/fluent-bit:4.0.3',
    resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '96Mi' },
    tolerations: AgentTolerations.of({ key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'logging' }),
    updateStrategy: AgentUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(20) }),
    priorityClassName: 'observability-critical',
    terminationGracePeriod: Duration.seconds(90),
    nodeSelector: { 'kubernetes.io/os': 'linux', 'pool': 'general' },
    excludeVirtualNodes: false,
    stateHostPath: '/mnt/state/fb',
    output: LogOutput.forward({ host: 'fluentd-aggregator.logging' }),
    labels: { team: 'platform' },
    podAnnotations: { 'cluster-autoscaler.kubernetes.io/enable-ds-eviction': 'true' },
    serviceMonitor: { interval: '30s', labels: { release: 'prom' } },
  }));
  const ds = find(manifests, 'DaemonSet', 'shipper');
  const pod = podSpec(ds);
  const main = containerOf(ds, 'shipper');

  test('overrides land in the manifests', () => {
    expect(ds.metadata.namespace).toBe('observability');
    expect(main.image).toBe('cr.fluentbit.io/fluent/fluent-bit:4.0.3');
    expect(main.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '96Mi' } });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'logging' }]);
    expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe('20%');
    expect(pod.priorityClassName).toBe('observability-critical');
    expect(pod.terminationGracePeriodSeconds).toBe(90);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'pool': 'general' });
    expect(pod.affinity).toBeUndefined();
    expect(hostMounts(ds, main)).toContainEqual({ volume: 'state', hostPath: '/mnt/state/fb', type: 'DirectoryOrCreate', mountPath: '/var/lib/fluent-bit', readOnly: false });
    expect(find(manifests, 'ConfigMap', 'shipper').data['fluent-bit.conf']).toContain('[OUTPUT]\n    Name forward\n    Match *\n    Host fluentd-aggregator.logging\n    Port 24224');
    expect(ds.metadata.labels.team).toBe('platform');
    expect(find(manifests, 'ClusterRole', 'shipper').metadata.labels.team).toBe('platform');
    expect(ds.spec.template.metadata.annotations['cluster-autoscaler.kubernetes.io/enable-ds-eviction']).toBe('true');
    expect(find(manifests, 'Namespace', 'observability')).toBeDefined();
  });

  test('the ServiceMonitor scrapes the metrics Service', () => {
    const sm = find(manifests, 'ServiceMonitor', 'shipper');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata.labels.release).toBe('prom');
    expect(sm.spec).toEqual({
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: ds.spec.selector.matchLabels },
      namespaceSelector: { matchNames: ['observability'] },
      endpoints: [{
        port: 'http',
        path: '/api/v2/metrics/prometheus',
        scheme: 'http',
        interval: '30s',
        relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
      }],
    });
  });

  test('createNamespace: false leaves the Namespace out', () => {
    const m = synth((chart) => new LogCollector(chart, 'Logs', { createNamespace: false }));
    expect(m.some((o) => o.kind === 'Namespace')).toBe(false);
  });

  test('a relative stateHostPath is rejected', () => {
    expect(() => synth((chart) => new LogCollector(chart, 'Logs', { stateHostPath: 'var/lib/fb' })))
      .toThrow('LogCollector fluent-bit: stateHostPath "var/lib/fb" must be an absolute path on the node');
  });
});
