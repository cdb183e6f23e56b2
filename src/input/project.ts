/**
 * Keep only what the placement engine reads of an existing Pod.
 *
 * A pod as the apiserver returns it is ≈ 7 KB of JSON; the engine needs its
 * identity, owner, node, phase, host ports and resource requests. Projecting
 * each pod as soon as its file is read lets the full parse tree of that file
 * be collected, which bounds `place`'s memory by one file rather than by the
 * whole cluster (bench/README.md: peak RSS at 150,000 pods).
 *
 * Fields are copied as they are (never converted), so the shape checks of
 * src/input/validate.ts still see and report malformed values.
 */

const METADATA_FIELDS = ['name', 'namespace', 'uid', 'labels', 'ownerReferences'];
const SPEC_FIELDS = ['nodeName', 'hostNetwork', 'overhead'];
const CONTAINER_FIELDS = ['name', 'resources', 'ports', 'restartPolicy'];

function isMapping(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick(source: Record<string, any>, keys: readonly string[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const k of keys) if (k in source) out[k] = source[k];
  return out;
}

function projectContainers(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((c) => (isMapping(c) ? pick(c, CONTAINER_FIELDS) : c));
}

/** The parts of a v1 Pod the placement engine reads (see simulate.ts `buildClusterState`). */
export function projectPodForPlacement(pod: unknown): unknown {
  if (!isMapping(pod)) return pod;
  const out: Record<string, any> = pick(pod, ['apiVersion', 'kind']);
  if ('metadata' in pod) out.metadata = isMapping(pod.metadata) ? pick(pod.metadata, METADATA_FIELDS) : pod.metadata;
  if ('spec' in pod) {
    const s = pod.spec;
    if (isMapping(s)) {
      const spec = pick(s, SPEC_FIELDS);
      if ('containers' in s) spec.containers = projectContainers(s.containers);
      if ('initContainers' in s) spec.initContainers = projectContainers(s.initContainers);
      out.spec = spec;
    } else {
      out.spec = s;
    }
  }
  if ('status' in pod) out.status = isMapping(pod.status) ? pick(pod.status, ['phase']) : pod.status;
  return out;
}
