/**
 * Long work on the page's thread done in steps (an import's anchoring and apply, drawing
 * thousands of highlights): how long a step may run, and how to yield between steps. No DOM
 * here: it runs in Node (tests) as in the browser, using what the platform offers.
 *
 * Why (bench/notes.md, "Import A10k"): with `setTimeout(0)` between steps, each yield after the
 * fifth nested one waits at least 4 ms (the HTML spec's clamp), and small steps meant hundreds
 * of yields. A `MessageChannel` message has no clamp. While no input waits
 * (`navigator.scheduling.isInputPending`, Chromium) a step may run up to `STEP_MS`, under the
 * 50 ms of a long task; when input waits, the step ends at once, so a keystroke or a scroll is
 * never held for more than one piece of work.
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

let channel: { port: MessagePort; waiting: (() => void)[] } | null = null;

/** A task of its own through a MessageChannel (no 4 ms clamp, unlike a nested setTimeout). */
function viaChannel(): Promise<void> {
  if (!channel) {
    const mc = new MessageChannel();
    const waiting: (() => void)[] = [];
    mc.port1.onmessage = () => waiting.shift()?.();
    channel = { port: mc.port2, waiting };
    // Node keeps a process alive while a port listens: this one never should.
    (mc.port1 as { unref?: () => void }).unref?.();
  }
  const c = channel;
  return new Promise((resolve) => {
    c.waiting.push(resolve);
    c.port.postMessage(null);
  });
}

/**
 * Yields to the page: input, rendering and other tasks may run before this resolves, in a later
 * task. A MessageChannel message, else `setTimeout(0)`. Not `scheduler.yield()`: its
 * continuation runs ahead of every other queued task of normal priority, so a long job (10,000
 * highlights drawn) held back IndexedDB's events and messages until it was done (measured: an
 * import's last read waited 14 s behind the drawing).
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'function') return viaChannel();
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
