/**
 * One `app.synth()` (or `app.synthYaml()`) as a session in which the
 * construct tree does not change, so that the chart checks render and
 * validate each chart once per synth instead of N + 1 times.
 *
 * Why: cdk8s validates the whole app in `App.synth()` and again before it
 * renders each chart (`Chart.toJson()` → `App._synthChart()` → `validate(app)`),
 * then renders every `ApiObject` with `toJson()`. Validation that looks at the
 * rendered manifests (src/validation/chart-checks.ts) would render everything
 * N + 2 times. Inside a session nothing but cdk8s's own synthesis runs, so:
 *
 * - the chart checks' report of the first validation holds for the later ones;
 * - each `ApiObject` of the app is rendered once: the checks' rendering is
 *   the one cdk8s writes next, and what other validations and lazy values
 *   read (`toJson()` answers from it until the session ends, so inside a
 *   session the result of `toJson()` is shared: treat it as read-only, as
 *   this library does).
 *
 * Outside a session (`chart.toJson()`, `Testing.synth(chart)` called directly,
 * where user code may change the tree between calls) nothing is reused by
 * this module. Internal module.
 */
import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';

const STATE = Symbol.for('cdk8s-node-agents.synthSession');

/** The synth sessions of one App. */
export interface SynthSession {
  /** True while `app.synth()` / `app.synthYaml()` runs. */
  readonly active: boolean;
  /** Increases when a session starts: results tagged with an older number are stale. */
  readonly generation: number;
}

interface SessionState extends SynthSession {
  active: boolean;
  generation: number;
  depth: number;
  /** `ApiObject`s answering `toJson()` from their first rendering in this session. */
  readonly pinned: ApiObject[];
}

/**
 * The session tracker of the App that `scope` belongs to, installed on first
 * use (it wraps that App instance's `synth` and `synthYaml`); undefined when
 * the root of `scope` is not a cdk8s `App`.
 */
export function synthSessionOf(scope: IConstruct): SynthSession | undefined {
  const root = scope.node.root;
  if (!(root instanceof App)) return undefined;
  const holder = root as unknown as { [STATE]?: SessionState };
  const existing = holder[STATE];
  if (existing) return existing;
  const state: SessionState = { active: false, generation: 0, depth: 0, pinned: [] };
  holder[STATE] = state;
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = root[method] as (this: App) => unknown;
    Object.defineProperty(root, method, {
      configurable: true,
      writable: true,
      value: function (this: App): unknown {
        return runSession(this, state, () => original.call(this));
      },
    });
  }
  return state;
}

/**
 * Runs `fn` as one synth session of `app`: for code that synthesizes an app
 * and then reads its charts (`chart.toJson()` per chart) without changing it,
 * such as GitOpsOutput. Sessions nest: an `app.synth()` inside is part of it.
 */
export function inSynthSession<T>(app: App, fn: () => T): T {
  const state = synthSessionOf(app) as SessionState | undefined;
  return state ? runSession(app, state, fn) : fn();
}

function runSession<T>(app: App, state: SessionState, fn: () => T): T {
  if (state.depth++ === 0) {
    state.active = true;
    state.generation++;
    for (const c of app.node.findAll()) if (c instanceof ApiObject) renderOnce(state, c);
  }
  try {
    return fn();
  } finally {
    if (--state.depth === 0) {
      state.active = false;
      for (const o of state.pinned.splice(0)) delete (o as unknown as { toJson?: unknown }).toJson;
    }
  }
}

/**
 * Makes `o` render once for the rest of the session: its first `toJson()`
 * renders it, later calls (cdk8s writing the chart, validations, another
 * object's lazy value reading it, e.g. an AgentNamespace's Pod Security
 * labels) answer with that rendering.
 */
function renderOnce(state: SessionState, o: ApiObject): void {
  if (Object.prototype.hasOwnProperty.call(o, 'toJson')) return;
  const render = o.toJson;
  let rendered: { readonly json: any } | undefined;
  Object.defineProperty(o, 'toJson', {
    configurable: true,
    writable: true,
    value: (): any => {
      rendered ??= { json: render.call(o) };
      return rendered.json;
    },
  });
  state.pinned.push(o);
}

/**
 * A value computed once per synth session of the App `scope` belongs to (cdk8s
 * validates N + 1 times per `app.synth()`), and afresh on every call outside a
 * session, where the tree may have changed in between.
 */
export class OncePerSynth<T> {
  private readonly session?: SynthSession;
  private cached?: { readonly generation: number; readonly value: T };

  constructor(scope: IConstruct) {
    this.session = synthSessionOf(scope);
  }

  /** True while a synth session of the App runs. */
  public get inSession(): boolean {
    return this.session?.active === true;
  }

  /** This session's value, computed by `compute` the first time it is asked for. */
  public get(compute: () => T): T {
    const session = this.session;
    if (!session?.active) return compute();
    if (this.cached?.generation !== session.generation) this.cached = { generation: session.generation, value: compute() };
    return this.cached.value;
  }
}
