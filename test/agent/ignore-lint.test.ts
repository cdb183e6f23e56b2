/**
 * NodeAgent.ignoreLint writes the per-rule ignore annotation (one clause per
 * call, one line each) and refuses what would silence nothing; `''` as the
 * priority class leaves the field out.
 */
import { Testing } from 'cdk8s';
import { AgentRole, NodeAgent } from '../../src';
import { validateObjects } from '../../src/validation/validate';

const RESOURCES = { cpuRequest: '10m', memoryRequest: '10Mi', memoryLimit: '20Mi' };

function agentIn(chart = Testing.chart()): NodeAgent {
  return new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES });
}

describe('NodeAgent.ignoreLint', () => {
  test('one clause per call, appended on its own line; the finding is silenced with the reason', () => {
    const chart = Testing.chart();
    const agent = agentIn(chart);
    agent.addContainer({ name: 'sidecar', image: 'example.com/s:1.0.0', resources: RESOURCES });
    agent.ignoreLint('missing-liveness-probe', 'the kubelet restarts it on exit', ['a']);
    agent.ignoreLint('missing-liveness-probe', '  the sidecar only copies files  ', ['sidecar']);
    agent.ignoreLint('missing-priority-class', 'the cluster has a globalDefault PriorityClass');
    const [ds] = Testing.synth(chart);
    expect(ds.metadata.annotations).toEqual({
      'cdk8s-node-agents.io/role': 'generic',
      'cdk8s-node-agents.io/ignore.missing-liveness-probe': 'a: the kubelet restarts it on exit\nsidecar: the sidecar only copies files',
      'cdk8s-node-agents.io/ignore.missing-priority-class': '*: the cluster has a globalDefault PriorityClass',
    });
    const lints = validateObjects([ds])[0].lints;
    expect(lints.filter((l) => l.rule === 'missing-liveness-probe').map((l) => l.silencedBy)).toEqual([
      'annotation cdk8s-node-agents.io/ignore.missing-liveness-probe: the kubelet restarts it on exit',
      'annotation cdk8s-node-agents.io/ignore.missing-liveness-probe: the sidecar only copies files',
    ]);
    expect(lints.find((l) => l.rule === 'missing-priority-class')?.silencedBy)
      .toBe('annotation cdk8s-node-agents.io/ignore.missing-priority-class: the cluster has a globalDefault PriorityClass');
    expect(lints.filter((l) => l.rule === 'missing-readiness-probe' && !l.silenced)).toHaveLength(2);
  });

  test.each([
    ['no-latest-tags', 'why', undefined, /^ignoreLint: "no-latest-tags" is not a lint rule; known rules: missing-requests, missing-memory-limit, /],
    ['unknown-ignored-rule', 'why', undefined, /^ignoreLint: "unknown-ignored-rule" is not a lint rule; /],
    ['no-latest-tag', '   ', undefined, 'ignoreLint: the reason for no-latest-tag is empty; say why the finding is accepted (e.g. which upstream chart makes the same choice)'],
    ['no-latest-tag', 'one\ntwo', undefined, 'ignoreLint: the reason for no-latest-tag spans several lines; give it on one line (each line of the annotation is one clause)'],
    ['no-latest-tag', 'why', [], 'ignoreLint: the container list for no-latest-tag is empty; name the containers, or omit the list for every finding of the rule'],
    ['no-latest-tag', 'why', ['Main'], /^ignoreLint: container name "Main" for no-latest-tag is not a container name: a lowercase RFC 1123 label must consist of/],
  ] as Array<[string, string, string[] | undefined, string | RegExp]>)('refuses rule %j, reason %j, containers %j', (rule, reason, containers, error) => {
    expect(() => agentIn().ignoreLint(rule, reason, containers)).toThrow(error);
  });
});

describe('priorityClassName', () => {
  test('\'\' leaves the field out, even for a node-critical role', () => {
    const chart = Testing.chart();
    const agent = new NodeAgent(chart, 'A', { image: 'example.com/a:1.0.0', resources: RESOURCES, role: AgentRole.CSI, priorityClassName: '' });
    expect(agent.priorityClassName).toBeUndefined();
    const [ds] = Testing.synth(chart);
    expect('priorityClassName' in ds.spec.template.spec).toBe(false);
  });
});
