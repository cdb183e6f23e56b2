/**
 * `validateObjects`: one report per manifest object — apiserver (1.28)
 * validation errors and warnings, the Pod Security level of pod templates
 * (and a PodSecurity admission error when a Namespace among the inputs
 * enforces a stricter level), and best-practice lints. Pure: the same input
 * gives the same output; nothing is read from disk.
 *
 * The DaemonSet path mirrors the apiserver's create flow:
 * apps/v1 defaulting (defaults.ts), `ValidateDaemonSet` (daemonset.ts),
 * `WarningsOnCreate` (warnings.ts); PodSecurity admission mirrors
 * staging/src/k8s.io/pod-security-admission/admission/admission.go: the
 * DaemonSet itself only draws warnings (`would violate PodSecurity ...`),
 * while the Pods its controller creates are enforced — after Pod defaulting,
 * which sets `hostPort = containerPort` on hostNetwork pods
 * (pkg/apis/core/v1/defaults.go `defaultHostNetworkPorts`). Internal module.
 */
import { validateDaemonSet } from './daemonset';
import { decodeProblems } from './decode';
import { defaultDaemonSet, defaultPodSpec } from './defaults';
import { FieldError, FieldPath, forbidden, GoRaw, invalid, typeInvalid } from './field';
import { agentRole, LintContext, LintFinding, lintPodObject, ignoreAnnotationProblems } from './lints';
import { isRecord, str } from './meta';
import {
  validateConfigMap, validateGenericObject, validateNamespace, validateRole, validateRoleBinding, validateService, validateServiceAccount,
} from './objects';
import {
  compareLevels, ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL, evaluatePodSecurity, evaluatePodSecurityLevel, parseLevel, parseVersion,
  PodSecurityFailure, PodSecurityLevel,
} from './pod-security';
import { daemonSetWarnings } from './warnings';
import { cloneJson } from '../util/clone';

type Obj = Record<string, any>;

/** An apiserver validation error (or a PodSecurity admission rejection). */
export interface ValidationError {
  /** Field path, e.g. `spec.template.spec.containers[0].resources.requests`. */
  readonly field: string;
  /** `field.ErrorType`, e.g. `FieldValueInvalid`. */
  readonly type: string;
  /** `field.Error.Error()`: `<field>: <Invalid value: ...: detail>`. */
  readonly message: string;
  /** `ErrorBody()`: the message without the field. */
  readonly detail: string;
}

/** Pod Security details of a pod template. */
export interface PodSecurityReport {
  readonly level: PodSecurityLevel;
  readonly baseline: PodSecurityFailure[];
  readonly restricted: PodSecurityFailure[];
}

/** The findings for one object. */
export interface ObjectReport {
  readonly apiVersion: string;
  readonly kind: string;
  /** The namespace (`default` for a namespaced object without one; "" for cluster-scoped kinds). */
  readonly namespace: string;
  readonly name: string;
  readonly errors: ValidationError[];
  /** Apiserver warnings, as kubectl prints them after "Warning: ". */
  readonly warnings: string[];
  readonly lints: LintFinding[];
  /** For pod-bearing kinds: the strictest Pod Security Standard the pod template meets. */
  readonly podSecurityLevel?: PodSecurityLevel;
  readonly podSecurity?: PodSecurityReport;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'CustomResourceDefinition', 'Node',
  'PersistentVolume', 'StorageClass', 'CSIDriver', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'IngressClass', 'ClusterIssuer']);

/** Where each pod-bearing kind keeps its pod template (`metadata` + `spec`). */
function podTemplateOf(kind: string, o: Obj): { meta: Obj; spec: Obj; specPath: string } | undefined {
  const spec = isRecord(o.spec) ? o.spec : {};
  switch (kind) {
    case 'DaemonSet':
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job': {
      const t = isRecord(spec.template) ? spec.template : {};
      return { meta: isRecord(t.metadata) ? t.metadata : {}, spec: isRecord(t.spec) ? t.spec : {}, specPath: 'spec.template.spec' };
    }
    case 'CronJob': {
      const jt = isRecord(spec.jobTemplate) ? spec.jobTemplate : {};
      const t = isRecord(jt.spec) && isRecord(jt.spec.template) ? jt.spec.template : {};
      return { meta: isRecord(t.metadata) ? t.metadata : {}, spec: isRecord(t.spec) ? t.spec : {}, specPath: 'spec.jobTemplate.spec.template.spec' };
    }
    case 'Pod':
      return { meta: isRecord(o.metadata) ? o.metadata : {}, spec, specPath: 'spec' };
    default:
      return undefined;
  }
}

/** Kinds whose pod template is evaluated for Pod Security and lints. */
export const POD_BEARING_KINDS: readonly string[] = ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod'];

function toError(e: FieldError): ValidationError {
  return { field: e.field, type: e.type, message: e.message, detail: e.detail };
}

interface NamespacePolicy {
  readonly enforce?: { level: PodSecurityLevel; version: string; minor: number };
  readonly warn?: { level: PodSecurityLevel; version: string; minor: number };
}

/** `PolicyToEvaluate` for the enforce and warn modes of a Namespace's labels (defaults: privileged/latest). */
function namespacePolicy(labels: Obj): NamespacePolicy {
  const enforceRaw = labels[ENFORCE_LEVEL_LABEL];
  const warnRaw = labels['pod-security.kubernetes.io/warn'];
  const enforceVersion = typeof labels[ENFORCE_VERSION_LABEL] === 'string' ? labels[ENFORCE_VERSION_LABEL] : 'latest';
  const warnVersionRaw = labels['pod-security.kubernetes.io/warn-version'];
  let enforce: NamespacePolicy['enforce'];
  let hasEnforceLevel = false;
  if (typeof enforceRaw === 'string') {
    const l = parseLevel(enforceRaw);
    hasEnforceLevel = l.error === undefined;
    enforce = { level: l.level, version: enforceVersion, minor: parseVersion(enforceVersion).minor };
  }
  let warn: NamespacePolicy['warn'];
  if (typeof warnRaw === 'string') {
    const l = parseLevel(warnRaw);
    const v = typeof warnVersionRaw === 'string' ? warnVersionRaw : 'latest';
    warn = { level: l.error ? 'privileged' : l.level, version: v, minor: parseVersion(v).minor };
  } else if (hasEnforceLevel && enforce && compareLevels(enforce.level, 'privileged') > 0) {
    const v = typeof warnVersionRaw === 'string' ? warnVersionRaw : enforce.version;
    warn = { level: enforce.level, version: v, minor: parseVersion(v).minor };
  }
  return { enforce, warn };
}

function pssMessage(failures: PodSecurityFailure[]): string {
  return failures.map((f) => (f.detail !== '' ? `${f.reason} (${f.detail})` : f.reason)).join(', ');
}

/** The Pod the controller creates, as PodSecurity admission sees it: hostNetwork ports get `hostPort = containerPort`. */
function createdPodSpec(spec: Obj): Obj {
  const copy: Obj = cloneJson(spec);
  if (copy.hostNetwork === true) {
    for (const list of [copy.initContainers, copy.containers]) {
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (!isRecord(c) || !Array.isArray(c.ports)) continue;
        for (const p of c.ports) if (isRecord(p) && !p.hostPort) p.hostPort = p.containerPort;
      }
    }
  }
  return copy;
}

function namespaceLabelErrors(ns: Obj): FieldError[] {
  const labels = isRecord(ns.metadata) && isRecord(ns.metadata.labels) ? ns.metadata.labels : {};
  const errs: FieldError[] = [];
  for (const mode of ['enforce', 'audit', 'warn']) {
    const key = `pod-security.kubernetes.io/${mode}`;
    if (typeof labels[key] === 'string') {
      const l = parseLevel(labels[key]);
      if (l.error) errs.push(invalid(FieldPath.root('metadata', 'labels').key(key), labels[key], l.error));
    }
    const vkey = `${key}-version`;
    if (typeof labels[vkey] === 'string') {
      const v = parseVersion(labels[vkey]);
      if (v.error) errs.push(invalid(FieldPath.root('metadata', 'labels').key(vkey), labels[vkey], v.error));
    }
  }
  return errs;
}

/**
 * Validate manifest objects (plain JSON, as `cdk8s synth` or `kubectl get -o json`
 * print them): one report per object, in input order.
 */
export function validateObjects(objects: readonly unknown[]): ObjectReport[] {
  const all: Obj[] = objects.filter(isRecord);
  const namespaces = new Map<string, Obj>();
  for (const o of all) {
    if (str(o.kind) === 'Namespace' && isRecord(o.metadata)) namespaces.set(str(o.metadata.name), o);
  }
  return objects.map((o, i) => validateOne(o, i, all, namespaces));
}

function validateOne(input: unknown, index: number, all: Obj[], namespaces: Map<string, Obj>): ObjectReport {
  if (!isRecord(input)) {
    return {
      apiVersion: '',
      kind: '',
      namespace: '',
      name: '',
      errors: [toError(invalid(FieldPath.root(`[${index}]`), typeof input === 'string' ? input : JSON.stringify(input) ?? String(input),
        'a manifest object must be a mapping with apiVersion, kind and metadata'))],
      warnings: [],
      lints: [],
    };
  }
  const o = input;
  const kind = str(o.kind);
  const apiVersion = str(o.apiVersion);
  const meta = isRecord(o.metadata) ? o.metadata : {};
  const clusterScoped = CLUSTER_SCOPED.has(kind);
  const namespace = clusterScoped ? '' : str(meta.namespace) || 'default';
  const name = str(meta.name);
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  let lints: LintFinding[] = [];
  let podSecurity: PodSecurityReport | undefined;

  // The apiserver cannot decode an object whose fields have the wrong JSON type: nothing else is checked.
  const problems = decodeProblems(o);
  if (problems.length > 0) {
    return {
      apiVersion,
      kind,
      namespace,
      name,
      errors: problems.map((p) => toError(typeInvalid(FieldPath.root(p.field), decodedValue(p.value), p.detail))),
      warnings: [],
      lints: [],
    };
  }

  let defaultedDs: Obj | undefined;
  switch (kind) {
    case 'DaemonSet': {
      if (apiVersion !== 'apps/v1') {
        errors.push(invalid(FieldPath.root('apiVersion'), apiVersion, 'Kubernetes 1.28 serves DaemonSets only as apps/v1 (extensions/v1beta1 and apps/v1beta2 were removed in 1.16)'));
      }
      const ds = defaultDaemonSet(o);
      defaultedDs = ds;
      // The apiserver fills in the namespace from the request; a manifest without one is applied to "default".
      if (str(ds.metadata.namespace) === '') ds.metadata.namespace = 'default';
      errors.push(...validateDaemonSet(ds));
      warnings.push(...daemonSetWarnings(ds));
      break;
    }
    case 'Namespace':
      errors.push(...validateNamespace(o), ...namespaceLabelErrors(o));
      break;
    case 'ServiceAccount':
      errors.push(...validateServiceAccount(withNamespace(o)));
      break;
    case 'ConfigMap':
      errors.push(...validateConfigMap(withNamespace(o)));
      break;
    case 'Service':
      errors.push(...validateService(withNamespace(o)));
      break;
    case 'ClusterRole':
      errors.push(...validateRole(o, false));
      break;
    case 'Role':
      errors.push(...validateRole(withNamespace(o), true));
      break;
    case 'ClusterRoleBinding':
      errors.push(...validateRoleBinding(o, false));
      break;
    case 'RoleBinding':
      errors.push(...validateRoleBinding(withNamespace(o), true));
      break;
    default:
      errors.push(...validateGenericObject(clusterScoped ? o : withNamespace(o)));
  }

  const template = podTemplateOf(kind, o);
  if (template) {
    const defaultedSpec: Obj = defaultedDs ? defaultedDs.spec.template.spec : defaultedCopy(template.spec);
    const pss = evaluatePodSecurity(template.meta, defaultedSpec);
    podSecurity = { level: pss.level, baseline: pss.baseline, restricted: pss.restricted };
    const role = agentRole(o, template.spec);
    const ctx: LintContext = {
      object: defaultedDs ?? o,
      raw: o,
      role: role.role,
      roleSource: role.source,
      templateMeta: template.meta,
      podSpec: defaultedSpec,
      rawPodSpec: template.spec,
      specPath: template.specPath,
      allObjects: all,
    };
    lints = lintPodObject(ctx, kind === 'DaemonSet', role.invalid);

    const ns = namespaces.get(namespace);
    if (ns) {
      const labels = isRecord(ns.metadata) && isRecord(ns.metadata.labels) ? ns.metadata.labels : {};
      const policy = namespacePolicy(labels);
      if (policy.warn && policy.warn.level !== 'privileged' && kind !== 'Pod') {
        const failures = evaluatePodSecurityLevel(policy.warn.level, template.meta, defaultedSpec, policy.warn.minor);
        if (failures.length > 0) warnings.push(`would violate PodSecurity "${policy.warn.level}:${policy.warn.version}": ${pssMessage(failures)}`);
      }
      if (policy.enforce && policy.enforce.level !== 'privileged') {
        const podSpec = createdPodSpec(defaultedSpec);
        const failures = evaluatePodSecurityLevel(policy.enforce.level, template.meta, podSpec, policy.enforce.minor);
        if (failures.length > 0) {
          const needed = evaluatePodSecurity(template.meta, podSpec, policy.enforce.minor).level;
          errors.push(forbidden(FieldPath.root('metadata', 'namespace'),
            `namespace ${JSON.stringify(namespace)} enforces PodSecurity "${policy.enforce.level}" but the pods of this ${kind} need "${needed}", `
            + `so the ${kind === 'Pod' ? 'pod is' : 'controller\'s pods are'} rejected: violates PodSecurity "${policy.enforce.level}:${policy.enforce.version}": `
            + `${pssMessage(failures)}; label the namespace ${ENFORCE_LEVEL_LABEL}=${needed} or remove those settings`));
        }
      }
    }
  } else {
    lints = ignoreAnnotationProblems(o);
  }

  return {
    apiVersion,
    kind,
    namespace,
    name,
    errors: errors.map(toError),
    warnings,
    lints,
    ...(podSecurity ? { podSecurityLevel: podSecurity.level, podSecurity } : {}),
  };
}

function decodedValue(v: unknown): string | number | boolean | GoRaw {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return new GoRaw(JSON.stringify(v));
}

function withNamespace(o: Obj): Obj {
  const meta = isRecord(o.metadata) ? o.metadata : {};
  if (str(meta.namespace) !== '') return o;
  return { ...o, metadata: { ...meta, namespace: 'default' } };
}

function defaultedCopy(spec: Obj): Obj {
  const copy: Obj = cloneJson(spec);
  defaultPodSpec(copy);
  return copy;
}
