// GitOps output: apps/ + clusters/<name>/ for Argo CD, Flux or plain kustomize (jsii-facing).
export { GitOpsOptions, GitOpsOutput, GitOpsResult, GitOpsTool } from './gitops';
