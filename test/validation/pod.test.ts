/**
 * Pod-template validation tables from pkg/apis/core/validation/validation_test.go
 * (Kubernetes 1.28.7), ported as data: `TestValidatePorts`,
 * `TestValidateMountPropagation`, the hostNetwork port cases of
 * `TestValidatePodSpec`, `TestValidateResourceRequirements`, and the
 * emptyDir/hostPath/name part of `TestValidateVolumes`.
 */
import { FieldPath } from '../../src/validation/field';
import {
  validateContainerPorts, validateMountPropagation, validatePodSpec, validateVolumeMounts, validateVolumes,
} from '../../src/validation/pod';
import { validateResourceRequirements } from '../../src/validation/resources';

describe('TestValidatePorts (pkg/apis/core/validation/validation_test.go)', () => {
  test('successCase', () => {
    const ports = [
      { name: 'abc', containerPort: 80, hostPort: 80, protocol: 'TCP' },
      { name: 'easy', containerPort: 82, protocol: 'TCP' },
      { name: 'as', containerPort: 83, protocol: 'UDP' },
      { name: 'do-re-me', containerPort: 84, protocol: 'SCTP' },
      { containerPort: 85, protocol: 'TCP' },
    ];
    expect(validateContainerPorts(ports, FieldPath.root('field'))).toEqual([]);
  });

  test('nonCanonicalCase', () => {
    expect(validateContainerPorts([{ containerPort: 80, protocol: 'TCP' }], FieldPath.root('field'))).toEqual([]);
  });

  // [name, ports, error type, field (contained), detail (contained)] — Go checks every error against T/F/D.
  const errorCases: Array<[string, object[], string, string, string]> = [
    ['name > 15 characters', [{ name: 'a'.repeat(16), containerPort: 80, protocol: 'TCP' }], 'FieldValueInvalid', 'name', '15'],
    ['name contains invalid characters', [{ name: 'a.b.c', containerPort: 80, protocol: 'TCP' }], 'FieldValueInvalid', 'name', 'alpha-numeric'],
    ['name is a number', [{ name: '80', containerPort: 80, protocol: 'TCP' }], 'FieldValueInvalid', 'name', 'at least one letter'],
    ['name not unique', [{ name: 'abc', containerPort: 80, protocol: 'TCP' }, { name: 'abc', containerPort: 81, protocol: 'TCP' }], 'FieldValueDuplicate', '[1].name', ''],
    ['zero container port', [{ containerPort: 0, protocol: 'TCP' }], 'FieldValueRequired', 'containerPort', ''],
    ['invalid container port', [{ containerPort: 65536, protocol: 'TCP' }], 'FieldValueInvalid', 'containerPort', 'between'],
    ['invalid host port', [{ containerPort: 80, hostPort: 65536, protocol: 'TCP' }], 'FieldValueInvalid', 'hostPort', 'between'],
    ['invalid protocol case', [{ containerPort: 80, protocol: 'tcp' }], 'FieldValueNotSupported', 'protocol', 'supported values: "SCTP", "TCP", "UDP"'],
    ['invalid protocol', [{ containerPort: 80, protocol: 'ICMP' }], 'FieldValueNotSupported', 'protocol', 'supported values: "SCTP", "TCP", "UDP"'],
    ['protocol required', [{ name: 'abc', containerPort: 80 }], 'FieldValueRequired', 'protocol', ''],
  ];
  test.each(errorCases)('%s', (_name, ports, type, field, detail) => {
    const errs = validateContainerPorts(ports as any, FieldPath.root('field'));
    expect(errs.length).toBeGreaterThan(0);
    for (const e of errs) {
      expect(e.type).toBe(type);
      expect(e.field).toContain(field);
      expect(e.detailText).toContain(detail);
    }
  });

  test('messages are the apiserver\'s', () => {
    expect(validateContainerPorts([{ containerPort: 65536, protocol: 'TCP' }], FieldPath.root('field')).map((e) => e.message))
      .toEqual(['field[0].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive']);
    expect(validateContainerPorts([{ name: 'abc', containerPort: 80, protocol: 'TCP' }, { name: 'abc', containerPort: 81, protocol: 'TCP' }], FieldPath.root('field'))
      .map((e) => e.message)).toEqual(['field[1].name: Duplicate value: "abc"']);
  });
});

describe('TestValidateMountPropagation (pkg/apis/core/validation/validation_test.go)', () => {
  const privilegedContainer = { securityContext: { privileged: true } };
  const nonPrivilegedContainer = { securityContext: { privileged: false } };
  const defaultContainer = {};
  // [comment from the Go table, mount, container (undefined = no container), expectError]
  const tests: Array<[string, Record<string, string>, object | undefined, boolean]> = [
    ['implicitly non-privileged container + no propagation', { name: 'foo', mountPath: '/foo' }, defaultContainer, false],
    ['implicitly non-privileged container + HostToContainer', { name: 'foo', mountPath: '/foo', mountPropagation: 'HostToContainer' }, defaultContainer, false],
    ['non-privileged container + None', { name: 'foo', mountPath: '/foo', mountPropagation: 'None' }, defaultContainer, false],
    ['error: implicitly non-privileged container + Bidirectional', { name: 'foo', mountPath: '/foo', mountPropagation: 'Bidirectional' }, defaultContainer, true],
    ['explicitly non-privileged container + no propagation', { name: 'foo', mountPath: '/foo' }, nonPrivilegedContainer, false],
    ['explicitly non-privileged container + HostToContainer', { name: 'foo', mountPath: '/foo', mountPropagation: 'HostToContainer' }, nonPrivilegedContainer, false],
    ['explicitly non-privileged container + Bidirectional', { name: 'foo', mountPath: '/foo', mountPropagation: 'Bidirectional' }, nonPrivilegedContainer, true],
    ['privileged container + no propagation', { name: 'foo', mountPath: '/foo' }, privilegedContainer, false],
    ['privileged container + HostToContainer', { name: 'foo', mountPath: '/foo', mountPropagation: 'HostToContainer' }, privilegedContainer, false],
    ['privileged container + Bidirectional', { name: 'foo', mountPath: '/foo', mountPropagation: 'Bidirectional' }, privilegedContainer, false],
    ['error: privileged container + invalid mount propagation', { name: 'foo', mountPath: '/foo', mountPropagation: 'invalid' }, privilegedContainer, true],
    ['no container + Bidirectional', { name: 'foo', mountPath: '/foo', mountPropagation: 'Bidirectional' }, undefined, false],
  ];

  test('ports all 12 upstream cases', () => {
    expect(tests).toHaveLength(12);
  });

  const { volumes, errors } = validateVolumes([{ name: 'foo', hostPath: { path: '/foo/baz', type: '' } }], FieldPath.root('field'));
  test('the test volume is valid', () => {
    expect(errors).toEqual([]);
  });

  test.each(tests)('%s', (_name, mount, container, expectError) => {
    const errs = validateVolumeMounts([mount], new Map(), volumes, container as any, FieldPath.root('field'));
    expect(errs.length > 0).toBe(expectError);
  });

  test('messages are the apiserver\'s (paths carry no mount index)', () => {
    expect(validateMountPropagation('Bidirectional', {}, FieldPath.root('field', 'mountPropagation')).map((e) => e.message))
      .toEqual(['field.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers']);
    expect(validateMountPropagation('invalid', { securityContext: { privileged: true } }, FieldPath.root('field', 'mountPropagation')).map((e) => e.message))
      .toEqual(['field.mountPropagation: Unsupported value: "invalid": supported values: "Bidirectional", "HostToContainer", "None"']);
  });
});

describe('TestValidatePodSpec (pkg/apis/core/validation/validation_test.go), hostNetwork port cases', () => {
  const ctr = (ports: object[], extra: object = {}) => ({ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent', ports, ...extra });
  // Go runs these with ResourceIsPod: true (a Pod); a DaemonSet template is validated with ResourceIsPod: false.
  const cases: Array<[string, object, { pod: string[]; template: string[] }]> = [
    ['populate HostNetwork', {
      containers: [ctr([{ hostPort: 8080, containerPort: 8080, protocol: 'TCP' }], { terminationMessagePolicy: 'File' })],
      hostNetwork: true,
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
    }, { pod: [], template: [] }],
    ['with hostNetwork hostPort unspecified', {
      containers: [ctr([{ hostPort: 0, containerPort: 2600, protocol: 'TCP' }])],
      hostNetwork: true,
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
    }, {
      pod: [
        'field.containers[0].terminationMessagePolicy: Required value',
        'field.containers[0].ports[0].hostPort: Invalid value: 0: must match `containerPort` when `hostNetwork` is true',
      ],
      template: ['field.containers[0].terminationMessagePolicy: Required value'],
    }],
    ['with hostNetwork hostPort not equal to containerPort', {
      containers: [ctr([{ hostPort: 8080, containerPort: 2600, protocol: 'TCP' }])],
      hostNetwork: true,
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
    }, {
      pod: [
        'field.containers[0].terminationMessagePolicy: Required value',
        'field.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
      ],
      template: [
        'field.containers[0].terminationMessagePolicy: Required value',
        'field.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
      ],
    }],
  ];
  test.each(cases)('%s', (_name, spec, expected) => {
    expect(validatePodSpec(spec as any, FieldPath.root('field'), { resourceIsPod: true }).map((e) => e.message)).toEqual(expected.pod);
    expect(validatePodSpec(spec as any, FieldPath.root('field'), { resourceIsPod: false }).map((e) => e.message)).toEqual(expected.template);
  });
});

describe('TestValidateResourceRequirements (pkg/apis/core/validation/validation_test.go)', () => {
  const path = FieldPath.root('resources');
  const valid: Array<[string, object]> = [
    ['limits and requests of hugepage resource are equal', { limits: { 'cpu': '10', 'hugepages-2Mi': '2Mi' }, requests: { 'cpu': '10', 'hugepages-2Mi': '2Mi' } }],
    ['limits and requests of memory resource are equal', { limits: { memory: '2Mi' }, requests: { memory: '2Mi' } }],
    ['limits and requests of cpu resource are equal', { limits: { cpu: '10' }, requests: { cpu: '10' } }],
  ];
  test.each(valid)('%s', (_name, requirements) => {
    expect(validateResourceRequirements(requirements, path)).toEqual([]);
  });

  const errTests: Array<[string, object, string[]]> = [
    ['hugepage resource without cpu or memory', { limits: { 'hugepages-2Mi': '2Mi' }, requests: { 'hugepages-2Mi': '2Mi' } },
      ['resources: Forbidden: HugePages require cpu or memory']],
  ];
  test.each(errTests)('%s', (_name, requirements, expected) => {
    expect(validateResourceRequirements(requirements, path).map((e) => e.message)).toEqual(expected);
  });

  test('requests above limits, and non-overcommitable resources (messages from /tmp/ds-oracle)', () => {
    const p = FieldPath.root('spec', 'template', 'spec', 'containers').index(0).child('resources');
    expect(validateResourceRequirements({ requests: { cpu: '2' }, limits: { cpu: '1' } }, p).map((e) => e.message))
      .toEqual(['spec.template.spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
    expect(validateResourceRequirements({ requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 2 } }, p).map((e) => e.message))
      .toEqual(['spec.template.spec.containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2']);
    expect(validateResourceRequirements({ requests: { 'nvidia.com/gpu': 1 } }, p).map((e) => e.message))
      .toEqual(['spec.template.spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources']);
    expect(validateResourceRequirements({ limits: { 'nvidia.com/gpu': '500m' } }, p).map((e) => e.message)).toEqual([
      'spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, '
        + 'd:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: must be an integer',
    ]);
    expect(validateResourceRequirements({ requests: { cpu: '-1' } }, p).map((e) => e.message))
      .toEqual(['spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0']);
    expect(validateResourceRequirements({ requests: { foo: '1' } }, p).map((e) => e.message)).toEqual([
      'spec.template.spec.containers[0].resources.requests[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.template.spec.containers[0].resources.requests[foo]: Invalid value: "foo": must be a standard resource for containers',
    ]);
  });

  test('quantities are rounded up to milli scale before comparison, as SetDefaults_ResourceList does', () => {
    const p = FieldPath.root('r');
    expect(validateResourceRequirements({ requests: { cpu: '0.0001' }, limits: { cpu: '1m' } }, p)).toEqual([]);
    expect(validateResourceRequirements({ requests: { cpu: '1.0001' }, limits: { cpu: '1' } }, p).map((e) => e.message))
      .toEqual(['r.requests: Invalid value: "1001m": must be less than or equal to cpu limit of 1']);
  });

  test('an unparsable quantity is reported on its entry with Go\'s reason', () => {
    expect(validateResourceRequirements({ requests: { cpu: 'abc' } }, FieldPath.root('r')).map((e) => e.message))
      .toEqual(["r.requests[cpu]: Invalid value: \"abc\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]);
  });
});

describe('TestValidateVolumes (pkg/apis/core/validation/validation_test.go), names, emptyDir and hostPath', () => {
  const dnsLabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  // [name, volume, expected errors as [type, field suffix, detail substring]]
  const cases: Array<[string, object, Array<[string, string, string]>]> = [
    ['valid alpha name', { name: 'empty', emptyDir: {} }, []],
    ['valid num name', { name: '123', emptyDir: {} }, []],
    ['valid alphanum name', { name: 'empty-123', emptyDir: {} }, []],
    ['valid numalpha name', { name: '123-empty', emptyDir: {} }, []],
    ['zero-length name', { name: '', emptyDir: {} }, [['FieldValueRequired', 'name', '']]],
    ['name > 63 characters', { name: 'a'.repeat(64), emptyDir: {} }, [['FieldValueInvalid', 'name', 'must be no more than']]],
    ['name has dots', { name: 'a.b.c', emptyDir: {} }, [['FieldValueInvalid', 'name', 'must not contain dots']]],
    ['name not a DNS label', { name: 'Not a DNS label!', emptyDir: {} }, [['FieldValueInvalid', 'name', dnsLabelErrMsg]]],
    ['more than one source', { name: 'dups', emptyDir: {}, hostPath: { path: '/mnt/path', type: 'Directory' } }, [['FieldValueForbidden', 'hostPath', 'may not specify more than 1 volume']]],
    ['default HostPath', { name: 'hostpath', hostPath: { path: '/mnt/path', type: 'Directory' } }, []],
    ['valid HostPath', { name: 'hostpath', hostPath: { path: '/mnt/path', type: 'Socket' } }, []],
    ['invalid HostPath', { name: 'hostpath', hostPath: { path: '/mnt/path', type: 'invalid' } }, [['FieldValueNotSupported', 'type', '']]],
    ['invalid HostPath backsteps', { name: 'hostpath', hostPath: { path: '/mnt/path/..', type: 'Directory' } }, [['FieldValueInvalid', 'path', "must not contain '..'"]]],
  ];
  test.each(cases)('%s', (_name, vol, expected) => {
    const { volumes, errors } = validateVolumes([vol], FieldPath.root('field'));
    expect(errors.map((e) => [e.type, e.field.split('.').slice(-1)[0], e.detailText.includes(expected[0]?.[2] ?? '')]))
      .toEqual(expected.map(([t, f]) => [t, f, true]));
    if (expected.length === 0) expect([...volumes.keys()]).toEqual([(vol as any).name]);
  });

  test('dupsCase', () => {
    const { errors } = validateVolumes([{ name: 'abc', emptyDir: {} }, { name: 'abc', emptyDir: {} }], FieldPath.root('field'));
    expect(errors.map((e) => e.message)).toEqual(['field[1].name: Duplicate value: "abc"']);
  });

  test('an invalid volume is not registered, so mounts of it are NotFound too', () => {
    const { volumes } = validateVolumes([{ name: 'v', hostPath: { path: '' } }], FieldPath.root('volumes'));
    expect(validateVolumeMounts([{ name: 'v', mountPath: '/v' }], new Map(), volumes, {}, FieldPath.root('volumeMounts')).map((e) => e.message))
      .toEqual(['volumeMounts[0].name: Not found: "v"']);
  });
});
