/**
 * The example app: synthesizes node agents into dist/ and prints what it
 * produced. Run with `npm run example`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import { AgentRole, AgentTolerations, NodeAgent } from '../src';

const outdir = path.join(__dirname, '..', 'dist');
const app = new App({ outdir });
const chart = new Chart(app, 'node-agents', { namespace: 'kube-system' });

new NodeAgent(chart, 'node-problem-detector', {
  image: 'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19',
  role: AgentRole.GENERIC,
  resources: { cpuRequest: '20m', memoryRequest: '40Mi', memoryLimit: '80Mi' },
  args: ['--logtostderr', '--config.system-log-monitor=/config/kernel-monitor.json'],
  tolerations: AgentTolerations.noSchedule(),
  hostMounts: [{ hostPath: '/var/log' }, { hostPath: '/dev/kmsg' }],
  securityContext: { privileged: true, ensureNonRoot: false },
  terminationGracePeriod: Duration.seconds(30),
});

app.synth();

for (const file of fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort()) {
  const text = fs.readFileSync(path.join(outdir, file), 'utf8');
  const kinds = [...text.matchAll(/^kind: (\S+)$/gm)].map((m) => m[1]);
  console.log(`dist/${file}: ${kinds.length} objects (${kinds.join(', ')})`);
}
