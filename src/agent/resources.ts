import { Quantity, QuantityError } from '../placement/quantity';

/**
 * Compute resources of a node-agent container.
 *
 * Requests feed the scheduler's NodeResourcesFit filter on every node the
 * agent runs on, so they are required: a DaemonSet without requests is
 * BestEffort (evicted first) and invisible to autoscalers' overhead maths.
 * Values are Kubernetes quantity strings (`100m`, `0.5`, `128Mi`, `1G`), kept
 * verbatim in the manifest.
 */
export interface AgentResources {
  /**
   * CPU request, e.g. `100m`.
   */
  readonly cpuRequest: string;

  /**
   * Memory request, e.g. `128Mi`.
   */
  readonly memoryRequest: string;

  /**
   * Memory limit, e.g. `256Mi`. Required: a node agent without a memory
   * limit can take the node down with it.
   */
  readonly memoryLimit: string;

  /**
   * CPU limit. Optional: CPU limits throttle agents on busy nodes, and most
   * upstream agent charts leave it unset.
   *
   * @default - no CPU limit
   */
  readonly cpuLimit?: string;

  /**
   * Ephemeral-storage request.
   *
   * @default - none
   */
  readonly ephemeralStorageRequest?: string;

  /**
   * Ephemeral-storage limit.
   *
   * @default - none
   */
  readonly ephemeralStorageLimit?: string;

  /**
   * Extended resources requested (and limited, as Kubernetes requires them to
   * be equal), e.g. `{ 'nvidia.com/gpu': '1' }`.
   *
   * @default - none
   */
  readonly extended?: { [resource: string]: string };
}

/** A problem found in a resources block, with its field path below `resources`. */
export interface ResourceProblem {
  readonly field: string;
  readonly message: string;
}

/** The `resources` object of a container, as the manifest carries it. */
export interface KubeResources {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

/** Render `AgentResources` into a container's `resources`, values verbatim. */
export function renderResources(resources: AgentResources): KubeResources {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (resources.cpuRequest !== undefined) requests.cpu = resources.cpuRequest;
  if (resources.memoryRequest !== undefined) requests.memory = resources.memoryRequest;
  if (resources.ephemeralStorageRequest !== undefined) requests['ephemeral-storage'] = resources.ephemeralStorageRequest;
  if (resources.cpuLimit !== undefined) limits.cpu = resources.cpuLimit;
  if (resources.memoryLimit !== undefined) limits.memory = resources.memoryLimit;
  if (resources.ephemeralStorageLimit !== undefined) limits['ephemeral-storage'] = resources.ephemeralStorageLimit;
  for (const [name, value] of Object.entries(resources.extended ?? {})) {
    requests[name] = value;
    limits[name] = value;
  }
  return { requests, limits };
}

/**
 * Check an `AgentResources` the way a platform team needs it: cpu and memory
 * requests and the memory limit present, every value a valid quantity, no
 * negative value, and each request at most its limit (the apiserver's rule).
 */
export function validateResources(resources: AgentResources | undefined): ResourceProblem[] {
  if (resources === undefined || resources === null) {
    return [{ field: '', message: 'resources are required for a node agent: set cpuRequest, memoryRequest and memoryLimit' }];
  }
  const problems: ResourceProblem[] = [];
  const required: Array<[keyof AgentResources, string]> = [
    ['cpuRequest', 'requests.cpu'],
    ['memoryRequest', 'requests.memory'],
    ['memoryLimit', 'limits.memory'],
  ];
  for (const [prop, field] of required) {
    if (resources[prop] === undefined || resources[prop] === '') {
      problems.push({ field, message: `${prop} is required for a node agent (e.g. ${exampleFor(prop)})` });
    }
  }
  const rendered = renderResources(resources);
  const parsed: { requests: Record<string, Quantity>; limits: Record<string, Quantity> } = { requests: {}, limits: {} };
  for (const section of ['requests', 'limits'] as const) {
    for (const [name, value] of Object.entries(rendered[section])) {
      if (value === undefined || value === '') continue;
      try {
        const q = Quantity.parse(value);
        if (q.sign() < 0) {
          problems.push({ field: `${section}.${name}`, message: `Invalid value: "${value}": must be greater than or equal to 0` });
          continue;
        }
        parsed[section][name] = q;
      } catch (e) {
        if (!(e instanceof QuantityError)) throw e;
        problems.push({ field: `${section}.${name}`, message: `Invalid value: "${value}": ${e.reason}` });
      }
    }
  }
  for (const [name, request] of Object.entries(parsed.requests)) {
    const limit = parsed.limits[name];
    if (limit !== undefined && request.cmp(limit) > 0) {
      problems.push({
        field: `requests.${name}`,
        message: `Invalid value: "${rendered.requests[name]}": must be less than or equal to ${name} limit of ${rendered.limits[name]}`,
      });
    }
  }
  return problems;
}

function exampleFor(prop: string): string {
  switch (prop) {
    case 'cpuRequest': return "cpuRequest: '100m'";
    case 'memoryRequest': return "memoryRequest: '128Mi'";
    default: return "memoryLimit: '256Mi'";
  }
}
