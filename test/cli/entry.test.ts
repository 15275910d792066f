import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMMANDS, commandsFor } from '../../src/cli/commands/index.js';
import { createLexer } from '../../src/lexer/tokenize.js';
import { MechaGrammar } from '../../src/parser/grammar.js';
import { VERSION } from '../../src/version.js';

/** The bundled entry point (`npm run build` writes dist/cli/), run as a user runs it. */
const cli = join(import.meta.dirname, '../../bin/mechac.js');
const mechac = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('mechac entry point', () => {
  test('--version prints the version', () => {
    const r = mechac('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  test('--help lists every command, although each is loaded only when it runs', () => {
    const r = mechac('--help');
    expect(r.status).toBe(0);
    for (const { name } of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
  });

  test('a misspelt command is a usage error that suggests the right one', () => {
    const r = mechac('chekc', 'x.mecha');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('check');
  });

  test("a command's own help works without the others", () => {
    const r = mechac('fmt', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--check');
  });
});

describe('which commands are loaded', () => {
  const names = (args: string[]) => commandsFor(args).map((c) => c.name);
  test('only the named command', () => {
    expect(names(['check', 'a.mecha'])).toEqual(['check']);
    expect(names(['run', '--help'])).toEqual(['run']);
  });
  test('none for --version, all for help and unknown names', () => {
    expect(names(['--version'])).toEqual([]);
    expect(names(['-V'])).toEqual([]);
    const all = COMMANDS.map((c) => c.name);
    expect(names([])).toEqual(all);
    expect(names(['--help'])).toEqual(all);
    expect(names(['help', 'run'])).toEqual(all);
    expect(names(['chekc'])).toEqual(all);
  });
});

describe('the grammar and the token list pass their own validations', () => {
  // Commands build both with validations skipped, for start-up time; this is where they still run.
  test('parser', () => expect(() => new MechaGrammar({ validate: true })).not.toThrow());
  test('lexer', () => {
    const lexer = createLexer({ validate: true });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });
});
