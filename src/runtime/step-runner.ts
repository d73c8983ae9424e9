import { throwIfCancelled } from './cancellation.js';

/**
 * Runs an operation's steps in order and stores the state after each one, so that a worker that
 * dies at any point leaves a job that another worker resumes from the first unfinished step.
 */

/** State that an operation stores in its job data: the names of the finished steps plus each step's results. */
export interface StepState {
  completedSteps: string[];
}

/**
 * One named part of an operation. `run` checks the world first and does nothing when its effect
 * is already there, because a worker may stop after the effect but before the state is stored.
 * It returns the fields it adds to the state.
 */
export interface Step<State extends StepState> {
  name: string;
  /**
   * False for clean-up steps that a cancel must neither skip nor interrupt, such as deleting a
   * drill's scratch objects: stopping there would only leave more to undo. Default true.
   */
  cancellable?: boolean;
  run(state: Readonly<State>): Promise<Partial<Omit<State, 'completedSteps'>>>;
}

export interface RunStepsOptions<State extends StepState> {
  steps: ReadonlyArray<Step<State>>;
  /** The state stored so far; steps named in `completedSteps` are skipped. */
  state: State;
  /** Stores the state, for example with `job.updateData`. The next step starts only after it resolves. */
  persist(state: State): Promise<void>;
  onStepStart?(name: string, state: Readonly<State>): void;
  onStepDone?(name: string, state: Readonly<State>): void;
  /**
   * Name of a step after whose stored state the process kills itself. Default: the environment
   * variable `PXMYSQL_TEST_CRASH_AFTER_STEP`. It exists only for crash tests, which start a worker
   * with it to prove that another worker resumes the job. Leave it unset in production, and pass
   * `undefined` explicitly to ignore the variable.
   */
  crashAfterStep?: string | undefined;
  /** Called instead of the SIGKILL, for tests that run in-process. */
  crash?: (step: string) => void;
}

/** Environment variable that names the step after which the process kills itself, for crash tests only. */
export const CRASH_AFTER_STEP_VARIABLE = 'PXMYSQL_TEST_CRASH_AFTER_STEP';

/**
 * Runs each step not yet in `state.completedSteps`, in order. After a step, stores
 * `{ ...state, ...output, completedSteps: [...completedSteps, name] }` through `persist` before
 * the next step starts. Returns the final state. Before each step it checks whether the job was
 * cancelled (see cancellation.ts) and throws JobCancelledError if so. A step that throws stops the run. Its error
 * propagates, and the state stored up to the previous step stays as it was.
 */
export async function runSteps<State extends StepState>(options: RunStepsOptions<State>): Promise<State> {
  checkStepNames(options.steps);
  const crashAfterStep = 'crashAfterStep' in options ? options.crashAfterStep : process.env[CRASH_AFTER_STEP_VARIABLE];
  const crash = options.crash ?? killThisProcess;

  let state = options.state;
  for (const step of options.steps) {
    if (state.completedSteps.includes(step.name)) continue;

    await throwIfCancelled(step.name, step.cancellable !== false);
    options.onStepStart?.(step.name, state);
    const output = await step.run(state);
    state = { ...state, ...output, completedSteps: [...state.completedSteps, step.name] };
    await options.persist(state);
    options.onStepDone?.(step.name, state);

    if (crashAfterStep !== undefined && crashAfterStep === step.name) crash(step.name);
  }
  return state;
}

function checkStepNames<State extends StepState>(steps: ReadonlyArray<Step<State>>): void {
  const seen = new Set<string>();
  for (const step of steps) {
    if (step.name === '') throw new Error('a step has an empty name');
    if (seen.has(step.name)) throw new Error(`step name "${step.name}" is used twice; completed steps are tracked by name`);
    seen.add(step.name);
  }
}

function killThisProcess(): void {
  process.kill(process.pid, 'SIGKILL');
}
