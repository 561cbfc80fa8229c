/**
 * Long work on the page's thread done in steps (an import's anchoring and apply, drawing
 * thousands of highlights): how long a step may run, and how to yield between steps. No DOM
 * here: it runs in Node (tests) as in the browser, using what the platform offers.
 *
 * Why (bench/notes.md, "Import A10k"): while no input waits (`navigator.scheduling
 * .isInputPending`, Chromium) a step may run up to `STEP_MS`, so a long job takes fewer steps;
 * when input waits, the step ends at once, so a keystroke or a scroll is never held for more
 * than one piece of work.
 */

/** Time a step may run while no input waits: under the 50 ms that makes a long task, with
 * margin for the last piece of work and the rendering update that follows. */
export const STEP_MS = 20;
/** Time a step may run when `isInputPending` is not available (other browsers): about a frame,
 * as before. */
export const STEP_MS_BLIND = 12;

interface SchedulingNavigator {
  scheduling?: { isInputPending?: (opts?: { includeContinuous?: boolean }) => boolean };
}
const g = globalThis as typeof globalThis & { navigator?: SchedulingNavigator };

/** Whether the browser can tell us that input waits (then steps may be longer). */
function inputCheck(): (() => boolean) | null {
  const s = g.navigator?.scheduling;
  if (typeof s?.isInputPending !== 'function') return null;
  return () => s.isInputPending!({ includeContinuous: true });
}

const pending = inputCheck();

/** True when the browser says input (a key, a click, a scroll, a pointer move) waits. */
export const inputPending = (): boolean => pending?.() ?? false;

/** The time a step may run: `STEP_MS` where input can be seen waiting, else `STEP_MS_BLIND`. */
export const stepBudget = (): number => (pending ? STEP_MS : STEP_MS_BLIND);

/**
 * Yields to the page: input, rendering and other tasks run before this resolves, in a later
 * task (`setTimeout(0)`). Not a MessageChannel message (no 4 ms clamp) nor `scheduler.yield()`:
 * both were measured here and both made things worse. `scheduler.yield()`'s continuation runs
 * ahead of every queued task of normal priority, so drawing 10,000 highlights held IndexedDB's
 * events back until it was done (an import's last read waited 14 s); back-to-back message tasks
 * left the browser fewer chances to render between steps, so the rendering of several steps'
 * changes came as one long task (tasks of 550–900 ms in import-large.spec under load, none with
 * `setTimeout`). The clamp's few ms are the page's time to paint.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The clock of one step of long work: `due()` says when to yield (the budget spent, or input
 * waiting), `next()` yields and starts the next step.
 */
export class StepClock {
  #t0 = performance.now();
  #budget = stepBudget();

  /** Time spent in the current step, in ms. */
  get elapsed(): number {
    return performance.now() - this.#t0;
  }

  /** Whether the step should end now: its budget spent, or input waiting (asked only after a
   * millisecond, so that a loop of tiny items does not ask thousands of times). */
  due(): boolean {
    const t = this.elapsed;
    return t >= this.#budget || (t >= 1 && inputPending());
  }

  /** Yields to the page, then starts a new step. */
  async next(): Promise<void> {
    await nextTask();
    this.#t0 = performance.now();
  }
}
