/**
 * Least-privilege RBAC for node agents: explicit rules only, never `*`.
 *
 * Upstream: staging/src/k8s.io/api/rbac/v1/types.go (`PolicyRule`); the
 * wildcard meanings (`rbacv1.APIGroupAll`, `ResourceAll`, `VerbAll` = `*`)
 * are what this module refuses, so a rule always names what it grants.
 */
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/**
 * One RBAC rule. Every list is explicit: `*` is rejected for API groups,
 * resources, verbs and resource names.
 */
export interface AgentPolicyRule {
  /**
   * API groups; `''` is the core group.
   */
  readonly apiGroups: string[];

  /**
   * Resources, e.g. `pods` or `nodes/status`.
   */
  readonly resources: string[];

  /**
   * Verbs, e.g. `get`, `list`, `watch`.
   */
  readonly verbs: string[];

  /**
   * Restrict the rule to these object names.
   *
   * @default - every object of the resources
   */
  readonly resourceNames?: string[];
}

/**
 * Problems that make a rule unacceptable for a node agent (wildcards, empty
 * lists), each naming the rule and the field.
 */
export function policyRuleProblems(rules: AgentPolicyRule[], owner: string): string[] {
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    const where = `${owner} rules[${i}]`;
    for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
      const values = rule[field];
      if (!Array.isArray(values) || values.length === 0) {
        problems.push(`${where}.${field}: Required value: list at least one ${field === 'apiGroups' ? "API group ('' for the core group)" : field === 'resources' ? 'resource' : 'verb'}`);
        continue;
      }
      values.forEach((v, j) => {
        if (v === '*') {
          problems.push(`${where}.${field}[${j}]: Forbidden: "*" grants every ${field === 'apiGroups' ? 'API group' : field === 'resources' ? 'resource' : 'verb'}; list the ones the agent needs`);
        } else if (field !== 'apiGroups' && v.trim() === '') {
          problems.push(`${where}.${field}[${j}]: Invalid value: "": must not be empty`);
        }
      });
    }
    (rule.resourceNames ?? []).forEach((n, j) => {
      if (n === '*' || n.trim() === '') {
        problems.push(`${where}.resourceNames[${j}]: Invalid value: "${n}": name one object per entry (no wildcards, not empty)`);
      }
    });
  });
  return problems;
}

/** Throw with every problem at once when a rule list is not explicit. */
export function assertExplicitRules(rules: AgentPolicyRule[], owner: string): void {
  const problems = policyRuleProblems(rules, owner);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/**
 * One (group, resource, name) target of a rule, as cdk8s-plus renders it
 * (`ClusterRole.allow` / `Role.allow` emit one rule per endpoint).
 */
class RuleEndpoint implements kplus.IApiResource, kplus.IApiEndpoint {
  constructor(
    public readonly apiGroup: string,
    public readonly resourceType: string,
    public readonly resourceName?: string,
  ) {}

  public asApiResource(): kplus.IApiResource {
    return this;
  }

  public asNonApiResource(): string | undefined {
    return undefined;
  }
}

function endpointsOf(rule: AgentPolicyRule): RuleEndpoint[] {
  const out: RuleEndpoint[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      const names = rule.resourceNames ?? [];
      if (names.length === 0) out.push(new RuleEndpoint(group, resource));
      else for (const name of names) out.push(new RuleEndpoint(group, resource, name));
    }
  }
  return out;
}

/** Metadata of an RBAC object. */
export interface RbacMetadata {
  readonly name: string;
  readonly labels: { [key: string]: string };
}

/**
 * A ClusterRole with exactly `rules`, bound to `serviceAccount` by a
 * ClusterRoleBinding of the same name.
 */
export function grantCluster(
  scope: Construct,
  id: string,
  meta: RbacMetadata,
  rules: AgentPolicyRule[],
  serviceAccount: kplus.ServiceAccount,
): kplus.ClusterRole {
  assertExplicitRules(rules, `ClusterRole ${meta.name}:`);
  const role = new kplus.ClusterRole(scope, id, { metadata: { name: meta.name, labels: meta.labels } });
  for (const rule of rules) role.allow(rule.verbs, ...endpointsOf(rule));
  const binding = new kplus.ClusterRoleBinding(scope, `${id}Binding`, { metadata: { name: meta.name, labels: meta.labels }, role });
  binding.addSubjects(serviceAccount);
  return role;
}

/**
 * A namespaced Role with exactly `rules`, bound to `serviceAccount` by a
 * RoleBinding of the same name.
 */
export function grantNamespaced(
  scope: Construct,
  id: string,
  meta: RbacMetadata & { readonly namespace: string },
  rules: AgentPolicyRule[],
  serviceAccount: kplus.ServiceAccount,
): kplus.Role {
  assertExplicitRules(rules, `Role ${meta.namespace}/${meta.name}:`);
  const role = new kplus.Role(scope, id, { metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels } });
  for (const rule of rules) role.allow(rule.verbs, ...endpointsOf(rule));
  const binding = new kplus.RoleBinding(scope, `${id}Binding`, {
    metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels },
    role,
  });
  binding.addSubjects(serviceAccount);
  return role;
}
