import { Chart, Testing } from 'cdk8s';

export type Manifest = { [key: string]: any };

/** Synthesize a fresh chart after `build` populated it. */
export function synth(build: (chart: Chart) => void): Manifest[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

/** The synth error message of a chart that must fail validation. */
export function synthError(build: (chart: Chart) => void): string {
  const chart = Testing.chart();
  build(chart);
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}

/** The one object of `kind` named `name` (throws when absent or ambiguous). */
export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const hits = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  if (hits.length !== 1) {
    throw new Error(`expected exactly one ${kind} ${name}, found ${hits.length} among: ${manifests.map((m) => `${m.kind}/${m.metadata?.name}`).join(', ')}`);
  }
  return hits[0];
}

export function kinds(manifests: Manifest[]): string[] {
  return manifests.map((m) => `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`);
}

export function podSpec(ds: Manifest): Manifest {
  return ds.spec.template.spec;
}

export function containerOf(ds: Manifest, name: string, init = false): Manifest {
  const list: Manifest[] = (init ? podSpec(ds).initContainers : podSpec(ds).containers) ?? [];
  const c = list.find((x) => x.name === name);
  if (!c) throw new Error(`no ${init ? 'init ' : ''}container ${name} in ${list.map((x) => x.name).join(', ')}`);
  return c;
}

/** A container's hostPath mounts, joined with their volumes. */
export interface HostMountView {
  readonly volume: string;
  readonly hostPath: string;
  readonly type: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly propagation?: string;
}

export function hostMounts(ds: Manifest, container: Manifest): HostMountView[] {
  const volumes = new Map<string, Manifest>((podSpec(ds).volumes ?? []).map((v: Manifest) => [v.name, v]));
  return (container.volumeMounts ?? [])
    .filter((m: Manifest) => volumes.get(m.name)?.hostPath)
    .map((m: Manifest) => {
      const v = volumes.get(m.name)!;
      const view: HostMountView = {
        volume: m.name,
        hostPath: v.hostPath.path,
        type: v.hostPath.type ?? '',
        mountPath: m.mountPath,
        readOnly: m.readOnly === true,
        ...(m.mountPropagation ? { propagation: m.mountPropagation } : {}),
      };
      return view;
    });
}

/** Every string anywhere in `value` (keys and values). */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...allStrings(v)]);
  return [];
}

/** The RBAC rules of every Role/ClusterRole, flattened to `group/resource: verbs`. */
export function ruleLines(manifests: Manifest[], roleName: string, kind = 'ClusterRole'): string[] {
  const role = find(manifests, kind, roleName);
  return role.rules.flatMap((r: Manifest) => r.apiGroups.flatMap((g: string) => r.resources.map((res: string) => {
    const names = r.resourceNames?.length ? `[${r.resourceNames.join(',')}]` : '';
    return `${g || 'core'}/${res}${names}: ${r.verbs.join(',')}`;
  })));
}

/** Assert no RBAC object grants `*` in any field. */
export function expectNoWildcards(manifests: Manifest[]): void {
  const rbac = manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role');
  for (const role of rbac) {
    for (const rule of role.rules) {
      for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames']) {
        expect({ role: role.metadata.name, field, values: rule[field] ?? [] }).toEqual({ role: role.metadata.name, field, values: (rule[field] ?? []).filter((v: string) => v !== '*') });
      }
    }
  }
}
