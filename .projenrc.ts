import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-node-agents',
  description:
    'cdk8s constructs for node agents (log collector, node exporter, CNI, CSI, ...) with a synth-time DaemonSet placement engine that decides like Kubernetes 1.28',
  author: 'cdk8s-node-agents maintainers',
  authorAddress: 'maintainers@cdk8s-node-agents.dev',
  repositoryUrl: 'https://github.com/cdk8s-node-agents/cdk8s-node-agents.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk8s', 'kubernetes', 'daemonset', 'node-agent', 'gitops', 'scheduler'],

  // projen's default is cdk8s 1.x: pin the 2.x line, constructs 10.x.
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  // ts-node and ts-jest need TypeScript < 7; keep jsii on the same 5.9 line.
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // jest 30 and eslint-import-resolver-typescript 4 pull unrs-resolver, whose platform
  // binaries the registry mirror lacks (npm ci then fails): stay on jest 29 / resolver 3.6.
  // The HTML report is tested in headless Chromium driven by puppeteer-core: Debian's
  // /usr/bin/chromium when installed, else the build inside @sparticuz/chromium's npm tarball
  // (test/browser.ts). 147.0.0 is its newest release whose engines admit node 20 (147.0.1+ need
  // node 22); Chrome 147 speaks the CDP of puppeteer-core 24.43 (built for Chrome 148).
  devDeps: ['@types/node@^20', 'eslint-import-resolver-typescript@~3.6.3', 'jest-util@^29', 'fast-check@^3', 'puppeteer-core@^24', '@sparticuz/chromium@147.0.0', 'cdk8s-cli@^2.200.0'],
  bundledDeps: ['yaml@^2.6.0'],
  bin: { 'cdk8s-node-agents': 'bin/cdk8s-node-agents' },

  // No hosted CI / release automation: CI is .ci/run on a clean checkout.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  jestOptions: {
    jestVersion: '^29',
    // Snapshots must be able to fail: never rewrite them during `npm test`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
      coverageProvider: 'v8',
      collectCoverage: false,
      // Keep synth-time lint output out of test logs (tests read it through ChartChecks.sink).
      setupFiles: ['<rootDir>/test/setup-env.ts'],
    },
  },
  gitignore: ['/examples/dist/', '/bench/out/', '/.tmp/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/.ci/'] },
});

project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// Exact quantity maths uses bigint shifts; test tables ported from Kubernetes have long rows.
project.eslint?.addRules({ 'no-bitwise': 'off' });
project.eslint?.addOverride({ files: ['test/**/*.ts'], rules: { '@stylistic/max-len': 'off' } });

// `npm run example`: synthesize the example cluster into dist/ and print the placement report.
project.addTask('example', {
  description: 'Synthesize the example multi-pool cluster into dist/ and print what it produced',
  exec: 'ts-node --transpile-only examples/main.ts',
  receiveArgs: true,
});

// `npm run bench`: fleet-scale benchmarks (results go to bench/README.md by hand).
project.addTask('bench', {
  description: 'Run the fleet-scale benchmarks',
  exec: 'ts-node --transpile-only bench/run.ts',
  receiveArgs: true,
});

project.synth();
