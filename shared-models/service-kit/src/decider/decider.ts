/**
 * The one decider shape every service's domain code has (docs/conventions.md, "Deciders"):
 *   - `decide(command, state)` is pure: it answers a command with the events that happened, or throws a
 *     domain error; it never evolves state itself and never reads a clock;
 *   - `evolve(state, event)` folds one event into the state; time, when the state needs it, travels in
 *     the command and so in the event;
 *   - `initialState()` starts every fold.
 * The Event type is the decider's own narrow union, not the 24-event public contract: a decider can emit
 * only what its type names, and the infrastructure maps those onto Avro events where it publishes them.
 */
export interface Decider<Command, State, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds a history into the state it leaves: `initialState()` evolved by every event in order. */
export function foldEvents<Command, State, Event>(
  decider: Pick<Decider<Command, State, Event>, 'evolve' | 'initialState'>,
  events: readonly Event[],
  from: State = decider.initialState(),
): State {
  return events.reduce((state, event) => decider.evolve(state, event), from);
}

/**
 * The default branch of an exhaustive `switch` over a tagged union: the compiler proves it unreachable
 * (a new case that is not handled fails to type-check here); at run time it names the value that got through.
 */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
