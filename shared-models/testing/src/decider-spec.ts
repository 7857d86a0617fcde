import type { Decider } from '@kot/service-kit';

/**
 * Given/when/then for deciders, one helper for every service: given the events already decided, when a
 * command is decided, then exactly these events are produced (or this error is thrown). Keeps unit tests
 * about behaviour, not about how state is stored.
 */
export interface DeciderSpec<Command, State, Event> {
  given(events: Event[]): { when(command: Command): SpecOutcome<State, Event> };
  /** Starts from a state built by hand (a stored row the events cannot reach, such as an expired hold). */
  givenState(state: State): { when(command: Command): SpecOutcome<State, Event> };
}

export interface SpecOutcome<State, Event> {
  /** Asserts the events and returns the state they leave, for a follow-up `givenState`. */
  then(expected: Event[]): State;
  thenThrows(matcher: RegExp | (new (...args: never[]) => Error)): void;
  events(): Event[];
}

export function deciderSpec<Command, State, Event>(
  decider: Decider<Command, State, Event>,
): DeciderSpec<Command, State, Event> {
  const from = (state: State) => ({
    when(command: Command): SpecOutcome<State, Event> {
      const run = (): Event[] => decider.decide(command, state);
      return {
        events: run,
        then(expected) {
          const produced = run();
          expect(produced).toEqual(expected);
          return produced.reduce((s, event) => decider.evolve(s, event), state);
        },
        thenThrows(matcher) {
          expect(run).toThrow(matcher as never);
        },
      };
    },
  });
  return {
    given: (history) => from(history.reduce((s, event) => decider.evolve(s, event), decider.initialState())),
    givenState: from,
  };
}
