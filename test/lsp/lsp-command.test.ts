import { Command } from 'commander';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { registerLsp } from '../../src/cli/commands/lsp.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('mechac lsp', () => {
  test('without --stdio: a message naming the flag, and exit code 2', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code = -1;
    const program = new Command('mechac').exitOverride();
    registerLsp(program, (c) => void (code = c));
    await program.parseAsync(['node', 'mechac', 'lsp']);
    expect(code).toBe(2);
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('--stdio');
  });

  test('accepts the --clientProcessId a language client appends', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code = -1;
    const program = new Command('mechac').exitOverride();
    registerLsp(program, (c) => void (code = c));
    // An unknown option would throw here; without --stdio the command still stops before starting a server.
    await program.parseAsync(['node', 'mechac', 'lsp', '--clientProcessId=4242']);
    expect(code).toBe(2);
  });
});
