// Synth prints lints and apiserver warnings to stderr; tests assert them through ChartChecks.sink.
process.env.CDK8S_NODE_AGENTS_LINTS = 'off';
