/**
 * `AgentVariants`: one agent, several DaemonSets that partition the nodes of
 * a fleet by pool (jsii-facing).
 *
 * Each variant's required node affinity selects its pools by the fleet's
 * pool label (`<poolLabel> In [...]`); the catch-all variant gets
 * `<poolLabel> NotIn [...]` over every pool the other variants name, which
 * also matches nodes without the label (staging/src/k8s.io/apimachinery/pkg/labels/selector.go
 * `Requirement.Matches`: NotIn holds when the key is absent). At synth the
 * placement engine checks that every node that should run the agent runs
 * exactly one variant (src/pools/analysis.ts `partition-*` findings).
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { AgentInput, analyzeFleet, FleetAnalysisError, VariantPlan } from './analysis';
import { Fleet } from './fleet';
import { NodeAgent, dnsNameFromId } from '../agent/node-agent';
import { AgentResources } from '../agent/resources';
import { ROLE_ANNOTATION } from '../agent/role';
import { DaemonSet, NodeSelectorRequirement } from '../placement/types';
import { isDNS1123Label } from '../util/validation';

/** What a factory gets to build one variant of an agent. */
export interface VariantContext {
  /** The DaemonSet name to give the agent: `<base>-<variant>`, or `<base>` for the catch-all. */
  readonly name: string;
  /** The variant's name (`gpu`, `arm64`, `default`). */
  readonly variant: string;
  /** Whether this is the catch-all variant (every pool no other variant names). */
  readonly isDefault: boolean;
  /** The pools the variant is meant for (for the catch-all: the pools no other variant names). */
  readonly pools: string[];
  /** The node label pools are selected by. */
  readonly poolLabel: string;
  /**
   * The node-affinity requirement that confines the variant to its pools
   * (`<poolLabel> In [...]`, or `NotIn` for the catch-all). `AgentVariants`
   * adds it to every required node-selector term of the agent it gets back;
   * it is given here for information.
   */
  readonly requirement: kplus.NodeLabelQuery;
  /**
   * Image override for this variant.
   *
   * @default - the agent's default image
   */
  readonly image?: string;
  /**
   * Resources override for this variant.
   *
   * @default - the agent's default resources
   */
  readonly resources?: AgentResources;
  /** Free-form settings of the variant, for the factory to interpret. */
  readonly settings: { [key: string]: string };
}

/**
 * Builds one variant of an agent: the same construct class with the
 * variant's props and name. The result is a `NodeAgent` or a construct that
 * contains exactly one (such as `LogCollector`); `AgentVariants` confines
 * its DaemonSet to the variant's pools.
 *
 * @example
 * const factory: IAgentFactory = {
 *   create: (scope, id, v) => new LogCollector(scope, id, {
 *     name: v.name,
 *     resources: v.resources,
 *     image: v.image,
 *   }),
 * };
 */
export interface IAgentFactory {
  /**
   * Create the agent for `variant` in `scope` with construct id `id`, named `variant.name`.
   */
  create(scope: Construct, id: string, variant: VariantContext): IConstruct;
}

/** One variant of an agent. */
export interface AgentVariant {
  /** The variant's name: a DNS-1123 label, appended to the agent's name. */
  readonly name: string;
  /** The pools it runs on (names of the fleet's pools). */
  readonly pools: string[];
  /**
   * Image for this variant, e.g. an arm64-tuned build.
   *
   * @default - the agent's default image
   */
  readonly image?: string;
  /**
   * Resources for this variant, e.g. more memory on GPU nodes.
   *
   * @default - the agent's default resources
   */
  readonly resources?: AgentResources;
  /**
   * Further settings passed to the factory.
   *
   * @default - none
   */
  readonly settings?: { [key: string]: string };
}

/** The catch-all variant: every pool no other variant names. */
export interface CatchAllVariantOptions {
  /**
   * Its variant name.
   *
   * @default 'default'
   */
  readonly name?: string;
  /**
   * Image override.
   *
   * @default - the agent's default image
   */
  readonly image?: string;
  /**
   * Resources override.
   *
   * @default - the agent's default resources
   */
  readonly resources?: AgentResources;
  /**
   * Further settings passed to the factory.
   *
   * @default - none
   */
  readonly settings?: { [key: string]: string };
}

/** Properties of `AgentVariants`. */
export interface AgentVariantsProps {
  /** The fleet whose pools the variants split. */
  readonly fleet: Fleet;
  /** Builds each variant. */
  readonly factory: IAgentFactory;
  /** The variants for specific pools; a pool may appear in one variant only. */
  readonly variants: AgentVariant[];
  /**
   * Base name of the agent's DaemonSets.
   *
   * @default - the construct id, lower-cased into a DNS-1123 name
   */
  readonly name?: string;
  /**
   * Add a catch-all variant for every pool the variants do not name,
   * including pools added to the cluster later (their nodes match its `NotIn`).
   *
   * @default true
   */
  readonly catchAll?: boolean;
  /**
   * Options of the catch-all variant.
   *
   * @default - named `default`, with the agent's defaults
   */
  readonly catchAllVariant?: CatchAllVariantOptions;
}

/**
 * One agent as several DaemonSets, each confined to some pools, with a
 * synth-time proof that every node that should run the agent runs exactly
 * one of them.
 *
 * The catch-all keeps the agent's base name, so adding a variant later does
 * not rename (and recreate) the DaemonSet most nodes run.
 *
 * @example
 * new AgentVariants(chart, 'log-collector', {
 *   fleet,
 *   factory: { create: (scope, id, v) => new LogCollector(scope, id, { name: v.name, resources: v.resources, image: v.image }) },
 *   variants: [
 *     { name: 'gpu', pools: ['gpu'], resources: { cpuRequest: '200m', memoryRequest: '512Mi', memoryLimit: '1Gi' } },
 *     { name: 'arm64', pools: ['general-arm64'], image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.9-arm64' },
 *   ],
 * });
 */
export class AgentVariants extends Construct {
  /** Base name of the agent. */
  public readonly name: string;
  /** The fleet. */
  public readonly fleet: Fleet;
  /** The agents, one per variant (the catch-all last). */
  public readonly agents: NodeAgent[];
  /** The variants' contexts, in the same order as `agents`. */
  public readonly contexts: VariantContext[];

  private readonly requirements: NodeSelectorRequirement[];

  constructor(scope: Construct, id: string, props: AgentVariantsProps) {
    super(scope, id);
    this.fleet = props.fleet;
    this.name = props.name ?? dnsNameFromId(id);
    const plan = planVariants(this.name, props);
    this.contexts = plan.map((p) => p.context);
    this.requirements = plan.map((p) => p.requirement);
    this.agents = this.contexts.map((ctx, i) => {
      const created = props.factory.create(this, ctx.variant, ctx);
      const agent = findAgent(created);
      if (!agent) {
        throw new Error(`AgentVariants ${this.name}: the factory returned ${created?.node?.path ?? String(created)} for variant ${JSON.stringify(ctx.variant)}, which is not a NodeAgent and contains ${created?.node ? 'no or several NodeAgents' : 'nothing'}; return the agent construct`);
      }
      confine(agent, this.requirements[i]);
      return agent;
    });
    this.node.addValidation({ validate: () => this.validatePartition() });
  }

  /**
   * The agent of the variant called `variant`.
   *
   * @throws when there is no such variant
   */
  public agentFor(variant: string): NodeAgent {
    const i = this.contexts.findIndex((c) => c.variant === variant);
    if (i < 0) throw new Error(`AgentVariants ${this.name}: no variant ${JSON.stringify(variant)}; the variants are ${this.contexts.map((c) => JSON.stringify(c.variant)).join(', ')}`);
    return this.agents[i];
  }

  /**
   * The agent as the fleet analysis sees it.
   * @internal
   */
  public _agentInput(expectedPools?: readonly string[]): AgentInput {
    const plan: VariantPlan = {
      poolLabel: this.fleet.poolLabel,
      entries: this.contexts.map((c, i) => ({ variant: c.variant, pools: c.pools, isDefault: c.isDefault, requirement: this.requirements[i] })),
    };
    return {
      name: this.name,
      role: this.agents[0]?.role,
      daemonSets: this.agents.map((a, i) => ({
        manifest: ApiObject.of(a.daemonSet).toJson() as DaemonSet,
        source: a.node.path,
        variant: this.contexts[i].variant,
      })),
      expectedPools,
      variants: plan,
    };
  }

  private validatePartition(): string[] {
    const errors: string[] = [];
    const seen = new Map<string, string>();
    this.agents.forEach((a, i) => {
      const manifest = ApiObject.of(a.daemonSet).toJson();
      const role = manifest.metadata?.annotations?.[ROLE_ANNOTATION];
      if (role !== this.agents[0].role) {
        errors.push(`${this.name}: variant ${this.contexts[i].variant} has role ${role}, variant ${this.contexts[0].variant} has role ${this.agents[0].role}; all variants must be the same kind of agent`);
      }
      const key = `${manifest.metadata?.namespace ?? ''}/${manifest.metadata?.name}`;
      const other = seen.get(key);
      if (other !== undefined) {
        errors.push(`${this.name}: variants ${other} and ${this.contexts[i].variant} both create DaemonSet ${key}; give each variant VariantContext.name`);
      }
      seen.set(key, this.contexts[i].variant);
    });
    if (errors.length) return errors;
    try {
      const analysis = analyzeFleet(this.fleet, [this._agentInput([])]);
      return analysis.findings.filter((f) => f.check.startsWith('partition-')).map((f) => f.message);
    } catch (e) {
      if (e instanceof FleetAnalysisError) return [e.message];
      throw e;
    }
  }
}

/** The NodeAgent itself, or the only NodeAgent inside `c`. */
function findAgent(c: IConstruct | undefined): NodeAgent | undefined {
  if (!c || !c.node) return undefined;
  if (c instanceof NodeAgent) return c;
  const found = c.node.findAll().filter((x): x is NodeAgent => x instanceof NodeAgent);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * ANDs `requirement` into every required node-selector term of the agent's
 * pod template (a new term when there is none), at render time, so terms
 * added later are narrowed too.
 */
function confine(agent: NodeAgent, requirement: NodeSelectorRequirement): void {
  const values = [...(requirement.values ?? [])];
  const query = requirement.operator === 'In' ? kplus.NodeLabelQuery.in(requirement.key, values) : kplus.NodeLabelQuery.notIn(requirement.key, values);
  agent.requireNodeLabels(query);
}

interface PlannedVariant {
  readonly context: VariantContext;
  readonly requirement: NodeSelectorRequirement;
}

/** The variants' pools and generated requirements; throws on what cannot be partitioned. */
function planVariants(base: string, props: AgentVariantsProps): PlannedVariant[] {
  const where = `AgentVariants ${base}`;
  const fleet = props.fleet;
  if (!fleet) throw new Error(`${where}: fleet: Required value: the variants split the pools of a Fleet`);
  if (!Array.isArray(props.variants) || props.variants.length === 0) {
    throw new Error(`${where}: variants: Required value: give at least one variant ({ name, pools })`);
  }
  const key = fleet.poolLabel;
  const claimed = new Map<string, string>();
  const names = new Set<string>();
  const catchAll = props.catchAll ?? true;
  const defaultName = props.catchAllVariant?.name ?? 'default';
  const planned: PlannedVariant[] = [];
  props.variants.forEach((v, i) => {
    const field = `variants[${i}]`;
    const problems = typeof v.name === 'string' ? isDNS1123Label(v.name) : ['must be a string'];
    if (problems.length) throw new Error(`${where}: ${field}.name: Invalid value: ${JSON.stringify(v.name)}: ${problems.join('; ')}`);
    if (names.has(v.name) || (catchAll && v.name === defaultName)) {
      throw new Error(`${where}: ${field}.name: Duplicate value: ${JSON.stringify(v.name)}${v.name === defaultName ? ' is the catch-all variant\'s name (rename it with catchAllVariant.name)' : ''}`);
    }
    names.add(v.name);
    if (!Array.isArray(v.pools) || v.pools.length === 0) {
      throw new Error(`${where}: ${field}.pools: Required value: name the pools variant ${JSON.stringify(v.name)} runs on (pools: ${fleet.pools.map((p) => p.name).join(', ')})`);
    }
    const values: string[] = [];
    for (const p of v.pools) {
      const pool = fleet.pools.find((x) => x.name === p);
      if (!pool) {
        throw new Error(`${where}: ${field}.pools: Unsupported value: ${JSON.stringify(p)}: the fleet's pools are ${fleet.pools.map((x) => JSON.stringify(x.name)).join(', ')}`);
      }
      const owner = claimed.get(p);
      if (owner !== undefined) {
        throw new Error(`${where}: ${field}.pools: pool ${JSON.stringify(p)} is already in variant ${JSON.stringify(owner)}; a pool can have only one variant`);
      }
      if (pool.poolLabelValue === undefined) {
        throw new Error(`${where}: ${field}.pools: pool ${JSON.stringify(p)} has nodes without the ${key} label, so no node affinity can select it; label its nodes, or leave it to the catch-all variant`);
      }
      claimed.set(p, v.name);
      values.push(pool.poolLabelValue);
    }
    const requirement: NodeSelectorRequirement = { key, operator: 'In', values };
    planned.push({
      requirement,
      context: {
        name: `${base}-${v.name}`,
        variant: v.name,
        isDefault: false,
        pools: [...v.pools],
        poolLabel: key,
        requirement: kplus.NodeLabelQuery.in(key, [...values]),
        image: v.image,
        resources: v.resources,
        settings: { ...(v.settings ?? {}) },
      },
    });
  });
  if (catchAll) {
    const problems = isDNS1123Label(defaultName);
    if (problems.length) throw new Error(`${where}: catchAllVariant.name: Invalid value: ${JSON.stringify(defaultName)}: ${problems.join('; ')}`);
    const excluded = planned.flatMap((p) => p.requirement.values ?? []);
    const requirement: NodeSelectorRequirement = { key, operator: 'NotIn', values: excluded };
    const o = props.catchAllVariant ?? {};
    planned.push({
      requirement,
      context: {
        name: base,
        variant: defaultName,
        isDefault: true,
        pools: fleet.pools.filter((p) => !claimed.has(p.name)).map((p) => p.name),
        poolLabel: key,
        requirement: kplus.NodeLabelQuery.notIn(key, [...excluded]),
        image: o.image,
        resources: o.resources,
        settings: { ...(o.settings ?? {}) },
      },
    });
  }
  return planned;
}
