import { runCli } from './helpers';
import { CliIo } from '../../src/cli/io';

// The check command lives in src/cli/check.ts (tested in its own suite); the dispatcher
// must hand it the arguments after `check` and the same io, and return its exit code.
const calls: Array<{ args: string[]; io: CliIo }> = [];
jest.mock('../../src/cli/check', () => ({
  runCheck: (args: string[], io: CliIo) => {
    calls.push({ args, io });
    io.stdout('checked\n');
    return 1;
  },
}));

test('check dispatches to runCheck(args, io) and returns its exit code', () => {
  const result = runCli(['check', '--strict', 'dist']);
  expect(result).toEqual({ code: 1, stdout: 'checked\n', stderr: '' });
  expect(calls).toHaveLength(1);
  expect(calls[0].args).toEqual(['--strict', 'dist']);
});
