import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CRASH_AFTER_STEP_VARIABLE, runSteps, type Step, type StepState } from '../../../src/runtime/step-runner.js';

interface CountState extends StepState {
  count?: number;
  seen?: string[];
}

function recordingSteps(events: string[], names: string[]): Array<Step<CountState>> {
  return names.map((name) => ({
    name,
    run: async (state) => {
      events.push(`run ${name}`);
      return { count: (state.count ?? 0) + 1, seen: [...(state.seen ?? []), name] };
    },
  }));
}

describe('runSteps', () => {
  it('stores the state after each step before the next', async () => {
    const events: string[] = [];
    const stored: CountState[] = [];
    const final = await runSteps<CountState>({
      steps: recordingSteps(events, ['a', 'b', 'c']),
      state: { completedSteps: [] },
      persist: async (state) => {
        events.push(`persist ${state.completedSteps.join(',')}`);
        stored.push(state);
      },
      crashAfterStep: undefined,
    });

    expect(events).toEqual(['run a', 'persist a', 'run b', 'persist a,b', 'run c', 'persist a,b,c']);
    expect(final).toEqual({ completedSteps: ['a', 'b', 'c'], count: 3, seen: ['a', 'b', 'c'] });
    expect(stored.at(-1)).toEqual(final);
  });

  it('skips completed steps', async () => {
    const events: string[] = [];
    const final = await runSteps<CountState>({
      steps: recordingSteps(events, ['a', 'b', 'c']),
      state: { completedSteps: ['a', 'b'], count: 2, seen: ['a', 'b'] },
      persist: async () => undefined,
      crashAfterStep: undefined,
    });

    expect(events).toEqual(['run c']);
    expect(final.seen).toEqual(['a', 'b', 'c']);
  });

  it('keeps the stored state when a step throws', async () => {
    const stored: CountState[] = [];
    const steps: Array<Step<CountState>> = [
      { name: 'a', run: async () => ({ count: 1 }) },
      {
        name: 'b',
        run: async () => {
          throw new Error('b failed');
        },
      },
    ];

    await expect(runSteps<CountState>({ steps, state: { completedSteps: [] }, persist: async (state) => void stored.push(state), crashAfterStep: undefined })).rejects.toThrow('b failed');
    expect(stored).toEqual([{ completedSteps: ['a'], count: 1 }]);
  });

  it('rejects duplicate step names', async () => {
    const steps = recordingSteps([], ['a', 'a']);
    await expect(runSteps<CountState>({ steps, state: { completedSteps: [] }, persist: async () => undefined })).rejects.toThrow('step name "a" is used twice');
  });

  it('crashes right after storing the named step', async () => {
    const events: string[] = [];
    const crash = (step: string): never => {
      events.push(`crash ${step}`);
      throw new Error('crashed');
    };
    const run = runSteps<CountState>({
      steps: recordingSteps(events, ['a', 'b', 'c']),
      state: { completedSteps: [] },
      persist: async (state) => void events.push(`persist ${state.completedSteps.join(',')}`),
      crashAfterStep: 'b',
      crash,
    });

    await expect(run).rejects.toThrow('crashed');
    expect(events).toEqual(['run a', 'persist a', 'run b', 'persist a,b', 'crash b']);
  });

  it('reads the crash step from the environment', async () => {
    const crashed: string[] = [];
    process.env[CRASH_AFTER_STEP_VARIABLE] = 'a';
    try {
      await runSteps<CountState>({
        steps: recordingSteps([], ['a', 'b']),
        state: { completedSteps: [] },
        persist: async () => undefined,
        crash: (step) => void crashed.push(step),
      });
    } finally {
      delete process.env[CRASH_AFTER_STEP_VARIABLE];
    }
    expect(crashed).toEqual(['a']);
  });

  it('SIGKILLs the process after the named step', { timeout: 20_000 }, async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pxmysql-step-runner-'));
    try {
      // The step runner and the modules it imports, compiled to plain ES modules with the same relative paths.
      await writeFile(join(directory, 'package.json'), '{ "type": "module" }');
      await mkdir(join(directory, 'runtime'));
      for (const path of ['runtime/step-runner', 'runtime/cancellation', 'errors']) {
        const source = await readFile(new URL(`../../../src/${path}.ts`, import.meta.url), 'utf8');
        const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
        await writeFile(join(directory, `${path}.js`), compiled.outputText);
      }
      const statePath = join(directory, 'state.json');
      await writeFile(
        join(directory, 'worker.mjs'),
        [
          "import { writeFileSync } from 'node:fs';",
          "import { runSteps } from './runtime/step-runner.js';",
          "const step = (name) => ({ name, run: async () => ({ [name]: true }) });",
          `await runSteps({ steps: ['a', 'b', 'c'].map(step), state: { completedSteps: [] }, persist: async (state) => writeFileSync(${JSON.stringify(statePath)}, JSON.stringify(state)) });`,
          "console.log('finished');",
        ].join('\n'),
      );

      const child = spawn(process.execPath, [join(directory, 'worker.mjs')], { env: { ...process.env, [CRASH_AFTER_STEP_VARIABLE]: 'b' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, exitSignal) => resolve(exitSignal)));

      expect(signal).toBe('SIGKILL');
      expect(output).not.toContain('finished');
      expect(JSON.parse(await readFile(statePath, 'utf8'))).toEqual({ completedSteps: ['a', 'b'], a: true, b: true });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
