/**
 * Kubernetes' DaemonSet validation tables, ported as data:
 * pkg/apis/apps/validation/validation_test.go `TestValidateDaemonSet` and
 * `TestDaemonSetUpdateMaxSurge` (Kubernetes 1.28.7).
 *
 * Go's cases are internal (undefaulted) objects; here they are apps/v1
 * manifests run through apps/v1 defaulting first, as the apiserver does. Where
 * Go only asserted "some error", the exact messages below are the ones
 * /tmp/ds-oracle (Kubernetes 1.28.7's ValidateDaemonSet) returned for the same
 * manifest.
 */
import { validateDaemonSet, validateRollingUpdateDaemonSet } from '../../src/validation/daemonset';
import { defaultDaemonSet } from '../../src/validation/defaults';
import { FieldPath } from '../../src/validation/field';

const validSelector = { a: 'b' };
const validPodTemplate = {
  metadata: { labels: validSelector },
  spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ name: 'abc', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }] },
};
const validHostNetPodTemplate = {
  metadata: { labels: validSelector },
  spec: {
    hostNetwork: true,
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    containers: [{ name: 'abc', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File', ports: [{ containerPort: 12345, protocol: 'TCP' }] }],
  },
};
const invalidPodTemplate = { metadata: { labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } }, spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' } };
const ds = (metadata: object, spec: object) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec });
const QN = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function messages(manifest: object): string[] {
  return validateDaemonSet(defaultDaemonSet(manifest)).map((e) => e.message).sort();
}

describe('TestValidateDaemonSet (pkg/apis/apps/validation/validation_test.go)', () => {
  const successCases: Array<[string, object]> = [
    ['abc', ds({ name: 'abc', namespace: 'default' }, { selector: { matchLabels: validSelector }, template: validPodTemplate, updateStrategy: { type: 'OnDelete' } })],
    ['abc-123', ds({ name: 'abc-123', namespace: 'default' }, { selector: { matchLabels: validSelector }, template: validPodTemplate, updateStrategy: { type: 'OnDelete' } })],
    ['hostnet', ds({ name: 'hostnet', namespace: 'default' }, { selector: { matchLabels: validSelector }, template: validHostNetPodTemplate, updateStrategy: { type: 'OnDelete' } })],
  ];
  test.each(successCases)('success case %s', (_name, manifest) => {
    expect(messages(manifest)).toEqual([]);
  });

  const errorCases: Array<[string, object, string[]]> = [
    ['zero-length ID', ds({ name: '', namespace: 'default' }, { selector: { matchLabels: validSelector }, template: validPodTemplate }),
      ['metadata.name: Required value: name or generateName is required']],
    ['missing-namespace', ds({ name: 'abc-123' }, { selector: { matchLabels: validSelector }, template: validPodTemplate }),
      ['metadata.namespace: Required value']],
    ['nil selector', ds({ name: 'abc', namespace: 'default' }, { template: validPodTemplate }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"a":"b"}: `selector` does not match template `labels`']],
    ['empty selector', ds({ name: 'abc', namespace: 'default' }, { selector: {}, template: validPodTemplate }),
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset']],
    ['selector_doesnt_match', ds({ name: 'abc', namespace: 'default' }, { selector: { matchLabels: { foo: 'bar' } }, template: validPodTemplate }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"a":"b"}: `selector` does not match template `labels`']],
    ['invalid template', ds({ name: 'abc', namespace: 'default' }, { selector: { matchLabels: validSelector } }),
      ['spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`', 'spec.template.spec.containers: Required value']],
    ['invalid_label', ds({ name: 'abc-123', namespace: 'default', labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } }, { selector: { matchLabels: validSelector }, template: validPodTemplate }),
      [`metadata.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${QN}`]],
    ['invalid_label 2', ds({ name: 'abc-123', namespace: 'default', labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } }, { template: invalidPodTemplate }), [
      `metadata.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${QN}`,
      `spec.template.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${QN}`,
      'spec.template.metadata.labels: Invalid value: map[string]string{"NoUppercaseOrSpecialCharsLike=Equals":"b"}: `selector` does not match template `labels`',
      'spec.template.spec.containers: Required value',
    ]],
    ['invalid_annotation', ds({ name: 'abc-123', namespace: 'default', annotations: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } }, { selector: { matchLabels: validSelector }, template: validPodTemplate }),
      [`metadata.annotations: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${QN}`]],
    ['invalid restart policy 1', ds({ name: 'abc-123', namespace: 'default' }, {
      selector: { matchLabels: validSelector },
      template: { metadata: { labels: validSelector }, spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', containers: [{ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }] } },
    }), ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']],
    ['invalid restart policy 2', ds({ name: 'abc-123', namespace: 'default' }, {
      selector: { matchLabels: validSelector },
      template: { metadata: { labels: validSelector }, spec: { restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', containers: [{ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }] } },
    }), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['template may not contain ephemeral containers', ds({ name: 'abc', namespace: 'default' }, {
      selector: { matchLabels: validSelector },
      updateStrategy: { type: 'OnDelete' },
      template: {
        metadata: { labels: validSelector },
        spec: {
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          containers: [{ name: 'abc', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
          ephemeralContainers: [{ name: 'debug', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
        },
      },
    }), ['spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template']],
  ];
  test.each(errorCases)('error case %s', (_name, manifest, expected) => {
    const got = messages(manifest);
    expect(got).toEqual([...expected].sort());
    // Go's own assertion: every error is on one of these fields.
    const allowed = ['metadata.name', 'metadata.namespace', 'spec.selector', 'spec.template', 'spec.template.labels', 'metadata.annotations', 'metadata.labels'];
    for (const e of validateDaemonSet(defaultDaemonSet(manifest))) {
      expect(e.field.startsWith('spec.template.') || e.field.startsWith('spec.updateStrategy') || allowed.includes(e.field)).toBe(true);
    }
  });
});

describe('TestDaemonSetUpdateMaxSurge (pkg/apis/apps/validation/validation_test.go)', () => {
  // An absent field is Go's zero IntOrString (Int 0): ValidateRollingUpdateDaemonSet runs on the struct as given.
  const both = 'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0';
  const surgeSet = (v: string) => `spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: ${v}: may not be set when maxUnavailable is non-zero`;
  const pct = (f: string, v: string) => `spec.updateStrategy.rollingUpdate.${f}: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"${v}"}: must not be greater than 100%`;
  const cases: Array<[string, { maxUnavailable?: number | string; maxSurge?: number | string }, boolean, string[]]> = [
    ['invalid: unset', {}, true, [both]],
    ['invalid: zero percent', { maxUnavailable: '0%' }, true, [both]],
    ['invalid: zero', { maxUnavailable: 0 }, true, [both]],
    ['valid: one', { maxUnavailable: 1 }, false, []],
    ['valid: one percent', { maxUnavailable: '1%' }, false, []],
    ['valid: 100%', { maxUnavailable: '100%' }, false, []],
    ['invalid: greater than 100%', { maxUnavailable: '101%' }, true, [pct('maxUnavailable', '101%')]],
    // Upstream's name says "valid" but the case expects an error (both fields non-zero).
    ['valid: surge and unavailable set', { maxUnavailable: '1%', maxSurge: '1%' }, true, [surgeSet('intstr.IntOrString{Type:1, IntVal:0, StrVal:"1%"}')]],
    ['invalid: surge enabled, unavailable zero percent', { maxUnavailable: '0%' }, true, [both]],
    ['invalid: surge enabled, unavailable zero', { maxUnavailable: 0 }, true, [both]],
    ['valid: surge enabled, unavailable one', { maxUnavailable: 1 }, false, []],
    ['valid: surge enabled, unavailable one percent', { maxUnavailable: '1%' }, false, []],
    ['valid: surge enabled, unavailable 100%', { maxUnavailable: '100%' }, false, []],
    ['invalid: surge enabled, unavailable greater than 100%', { maxUnavailable: '101%' }, true, [pct('maxUnavailable', '101%')]],
    ['invalid: surge enabled, surge zero percent', { maxSurge: '0%' }, true, [both]],
    ['invalid: surge enabled, surge zero', { maxSurge: 0 }, true, [both]],
    ['valid: surge enabled, surge one', { maxSurge: 1 }, false, []],
    ['valid: surge enabled, surge one percent', { maxSurge: '1%' }, false, []],
    ['valid: surge enabled, surge 100%', { maxSurge: '100%' }, false, []],
    ['invalid: surge enabled, surge greater than 100%', { maxSurge: '101%' }, true, [pct('maxSurge', '101%')]],
    ['invalid: surge enabled, surge and unavailable set', { maxUnavailable: '1%', maxSurge: '1%' }, true, [surgeSet('intstr.IntOrString{Type:1, IntVal:0, StrVal:"1%"}')]],
    ['invalid: surge enabled, surge and unavailable zero percent', { maxUnavailable: '0%', maxSurge: '0%' }, true, [both]],
    ['invalid: surge enabled, surge and unavailable zero', { maxUnavailable: 0, maxSurge: 0 }, true, [both]],
    ['invalid: surge enabled, surge and unavailable mixed zero', { maxUnavailable: 0, maxSurge: '0%' }, true, [both]],
  ];

  test('ports all 24 upstream cases', () => {
    expect(cases).toHaveLength(24);
  });

  test.each(cases)('%s', (_name, ru, expectError, expected) => {
    const errs = validateRollingUpdateDaemonSet(ru, FieldPath.root('spec', 'updateStrategy', 'rollingUpdate'));
    expect(errs.length > 0).toBe(expectError);
    expect(errs.map((e) => e.message)).toEqual(expected);
  });
});
