/**
 * Apiserver validation (1.28) of the companion objects a node agent ships
 * with: Namespace, ServiceAccount, ConfigMap, Service, ClusterRole, Role,
 * ClusterRoleBinding, RoleBinding; metadata rules for any other kind.
 *
 * Upstream: pkg/apis/core/validation/validation.go (ValidateNamespace,
 * ValidateServiceAccount, ValidateConfigMap, ValidateService with
 * validateServicePort — IP-family, clusterIP and load-balancer rules are not
 * ported), pkg/apis/rbac/validation/validation.go (ValidateClusterRole,
 * ValidateRole, ValidatePolicyRule, ValidateClusterRoleBinding,
 * ValidateRoleBinding, ValidateRoleBindingSubject) after v1 defaulting
 * (Service port protocol TCP, targetPort = port, sessionAffinity None, type
 * ClusterIP; RBAC User/Group subjects' apiGroup). Internal module.
 */
import { duplicate, FieldError, FieldPath, forbidden, GoRaw, goStringSliceText, invalid, notSupported, required, tooLong } from './field';
import {
  isRecord, NameFn, nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, nameIsPathSegment, str, validateLabels, validateLabelSelector,
  validateObjectMeta,
} from './meta';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortName, isValidPortNum } from '../util/validation';

type Obj = Record<string, any>;

function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function obj(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

const META = FieldPath.root('metadata');
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `core.MaxSecretSize`. */
const MAX_SECRET_SIZE = 1 * 1024 * 1024;

export function validateNamespace(ns: Obj): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel, META);
  arr(obj(ns.spec).finalizers).forEach((f) => {
    const s = str(f);
    const p = FieldPath.root('spec', 'finalizers');
    for (const msg of isQualifiedName(s)) errs.push(invalid(p, s, msg));
    if (s.split('/').length === 1 && s !== 'kubernetes') {
      errs.push(invalid(p, s, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

export function validateServiceAccount(sa: Obj): FieldError[] {
  return validateObjectMeta(sa.metadata, true, nameIsDNSSubdomain, META);
}

export function validateConfigMap(cm: Obj): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain, META);
  let total = 0;
  const data = obj(cm.data);
  const binary = obj(cm.binaryData);
  for (const [k, v] of Object.entries(data)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalid(FieldPath.root('data').key(k), k, msg));
    if (k in binary) errs.push(invalid(FieldPath.root('data').key(k), k, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(str(v), 'utf8');
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const msg of isConfigMapKey(k)) errs.push(invalid(FieldPath.root('binaryData').key(k), k, msg));
    total += Buffer.from(str(v), 'base64').length;
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(FieldPath.root(''), '', MAX_SECRET_SIZE));
  return errs;
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

export function validateService(svc: Obj): FieldError[] {
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label, META);
  const spec = obj(svc.spec);
  const specPath = FieldPath.root('spec');
  const type = str(spec.type) || 'ClusterIP';
  const headless = str(spec.clusterIP) === 'None' || arr(spec.clusterIPs)[0] === 'None';
  const ports = arr(spec.ports).map(obj);
  if (!SERVICE_TYPES.includes(type)) errs.push(notSupported(specPath.child('type'), type, SERVICE_TYPES));
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required(specPath.child('ports'), ''));
  if (type === 'LoadBalancer') {
    ports.forEach((p, i) => {
      if (p.port === 10250) errs.push(invalid(specPath.child('ports').index(i), 10250, 'may not expose port 10250 externally since it is used by kubelet'));
    });
  }
  if (type === 'ExternalName') {
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname.length > 0) for (const msg of isDNS1123Subdomain(cname)) errs.push(invalid(specPath.child('externalName'), cname, msg));
    else errs.push(required(specPath.child('externalName'), ''));
  }
  const names = new Set<string>();
  ports.forEach((sp, i) => {
    const p = specPath.child('ports').index(i);
    const name = str(sp.name);
    if (ports.length > 1 && name.length === 0) {
      errs.push(required(p.child('name'), ''));
    } else if (name.length !== 0) {
      for (const msg of isDNS1123Label(name)) errs.push(invalid(p.child('name'), name, msg));
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      else names.add(name);
    }
    const port = typeof sp.port === 'number' ? sp.port : 0;
    for (const msg of isValidPortNum(port)) errs.push(invalid(p.child('port'), port, msg));
    const protocol = str(sp.protocol) || 'TCP';
    if (!['SCTP', 'TCP', 'UDP'].includes(protocol)) errs.push(notSupported(p.child('protocol'), protocol, ['SCTP', 'TCP', 'UDP']));
    const target = sp.targetPort === undefined || sp.targetPort === null || sp.targetPort === 0 || sp.targetPort === '' ? port : sp.targetPort;
    if (typeof target === 'string') for (const msg of isValidPortName(target)) errs.push(invalid(p.child('targetPort'), target, msg));
    else for (const msg of isValidPortNum(typeof target === 'number' ? target : 0)) errs.push(invalid(p.child('targetPort'), target, msg));
    if (sp.appProtocol !== undefined && sp.appProtocol !== null) {
      for (const msg of isQualifiedName(str(sp.appProtocol))) errs.push(invalid(p.child('appProtocol'), str(sp.appProtocol), msg));
    }
  });
  if (isRecord(spec.selector)) errs.push(...validateLabels(spec.selector, specPath.child('selector')));
  const sa = str(spec.sessionAffinity) || 'None';
  if (sa !== 'None' && sa !== 'ClientIP') errs.push(notSupported(specPath.child('sessionAffinity'), sa, ['ClientIP', 'None']));
  if (sa === 'None' && isRecord(spec.sessionAffinityConfig)) {
    errs.push(forbidden(specPath.child('sessionAffinityConfig'), 'must not be set when session affinity is None'));
  }
  return errs;
}

function validatePolicyRule(rule: Obj, namespaced: boolean, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(rule.verbs).length === 0) errs.push(required(fldPath.child('verbs'), 'verbs must contain at least one value'));
  const urls = arr(rule.nonResourceURLs);
  if (urls.length > 0) {
    const v = new GoRaw(goStringSliceText(urls.map(str)));
    if (namespaced) errs.push(invalid(fldPath.child('nonResourceURLs'), v, 'namespaced rules cannot apply to non-resource URLs'));
    if (arr(rule.apiGroups).length > 0 || arr(rule.resources).length > 0 || arr(rule.resourceNames).length > 0) {
      errs.push(invalid(fldPath.child('nonResourceURLs'), v, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (arr(rule.apiGroups).length === 0) errs.push(required(fldPath.child('apiGroups'), 'resource rules must supply at least one api group'));
  if (arr(rule.resources).length === 0) errs.push(required(fldPath.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

export function validateRole(role: Obj, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(role.metadata, namespaced, nameIsPathSegment, META);
  arr(role.rules).forEach((r, i) => errs.push(...validatePolicyRule(obj(r), namespaced, FieldPath.root('rules').index(i))));
  if (!namespaced && isRecord(role.aggregationRule)) {
    const selectors = arr(role.aggregationRule.clusterRoleSelectors);
    const p = FieldPath.root('aggregationRule', 'clusterRoleSelectors');
    if (selectors.length === 0) errs.push(required(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, {}, p.index(i))));
  }
  return errs;
}

export function validateRoleBinding(rb: Obj, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(rb.metadata, namespaced, nameIsPathSegment, META);
  const roleRef = obj(rb.roleRef);
  if (str(roleRef.apiGroup) !== RBAC_GROUP) errs.push(notSupported(FieldPath.root('roleRef', 'apiGroup'), str(roleRef.apiGroup), [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(roleRef.kind))) errs.push(notSupported(FieldPath.root('roleRef', 'kind'), str(roleRef.kind), kinds));
  const name = str(roleRef.name);
  if (name.length === 0) errs.push(required(FieldPath.root('roleRef', 'name'), ''));
  else for (const msg of nameIsPathSegment(name, false)) errs.push(invalid(FieldPath.root('roleRef', 'name'), name, msg));
  arr(rb.subjects).forEach((raw, i) => {
    const s = obj(raw);
    const p = FieldPath.root('subjects').index(i);
    const sName = str(s.name);
    const kind = str(s.kind);
    // SetDefaults_Subject: User and Group subjects default to the RBAC group.
    const apiGroup = str(s.apiGroup) || (kind === 'User' || kind === 'Group' ? RBAC_GROUP : '');
    if (sName.length === 0) errs.push(required(p.child('name'), ''));
    switch (kind) {
      case 'ServiceAccount':
        if (sName.length > 0) for (const msg of nameIsDNSSubdomain(sName, false)) errs.push(invalid(p.child('name'), sName, msg));
        if (apiGroup.length > 0) errs.push(notSupported(p.child('apiGroup'), apiGroup, ['']));
        if (!namespaced && str(s.namespace).length === 0) errs.push(required(p.child('namespace'), ''));
        break;
      case 'User':
      case 'Group':
        if (apiGroup !== RBAC_GROUP) errs.push(notSupported(p.child('apiGroup'), apiGroup, [RBAC_GROUP]));
        break;
      default:
        errs.push(notSupported(p.child('kind'), kind, ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}

/** The namespace requirement and name rule of the kinds this module knows; others are validated as custom resources. */
const NAME_RULES: Record<string, { namespaced: boolean | undefined; nameFn: NameFn }> = {
  Namespace: { namespaced: false, nameFn: nameIsDNSLabel },
  ServiceAccount: { namespaced: true, nameFn: nameIsDNSSubdomain },
  ConfigMap: { namespaced: true, nameFn: nameIsDNSSubdomain },
  Secret: { namespaced: true, nameFn: nameIsDNSSubdomain },
  Service: { namespaced: true, nameFn: nameIsDNS1035Label },
  ClusterRole: { namespaced: false, nameFn: nameIsPathSegment },
  ClusterRoleBinding: { namespaced: false, nameFn: nameIsPathSegment },
  Role: { namespaced: true, nameFn: nameIsPathSegment },
  RoleBinding: { namespaced: true, nameFn: nameIsPathSegment },
  PriorityClass: { namespaced: false, nameFn: nameIsDNSSubdomain },
  ResourceQuota: { namespaced: true, nameFn: nameIsDNSSubdomain },
  NetworkPolicy: { namespaced: true, nameFn: nameIsDNSSubdomain },
  PodDisruptionBudget: { namespaced: true, nameFn: nameIsDNSSubdomain },
  Deployment: { namespaced: true, nameFn: nameIsDNSSubdomain },
  StatefulSet: { namespaced: true, nameFn: nameIsDNSSubdomain },
  ReplicaSet: { namespaced: true, nameFn: nameIsDNSSubdomain },
  Job: { namespaced: true, nameFn: nameIsDNSSubdomain },
  CronJob: { namespaced: true, nameFn: nameIsDNSSubdomain },
  Pod: { namespaced: true, nameFn: nameIsDNSSubdomain },
};

/**
 * Metadata of any other kind: known kinds with their scope and name rule; for
 * custom resources the name must be a DNS subdomain, the scope is unknown
 * (the namespace is checked only when set) and finalizer names need only be
 * qualified names (apiextensions-apiserver validates metadata with apimachinery's
 * `ValidateObjectMetaAccessor`: Argo CD's `resources-finalizer.argocd.argoproj.io` is fine).
 */
export function validateGenericObject(o: Obj): FieldError[] {
  const rule = NAME_RULES[str(o.kind)];
  if (rule && rule.namespaced !== undefined) return validateObjectMeta(o.metadata, rule.namespaced, rule.nameFn, META);
  const meta = obj(o.metadata);
  const errs = validateObjectMeta({ ...meta, namespace: undefined }, false, nameIsDNSSubdomain, META, false);
  const ns = str(meta.namespace);
  if (ns.length > 0) for (const msg of nameIsDNSLabel(ns, false)) errs.push(invalid(META.child('namespace'), ns, msg));
  return errs;
}
