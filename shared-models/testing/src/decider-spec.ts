/**
 * Given/when/then for deciders: given the events already in a stream, when a command is decided,
 * then exactly these events are produced (or this error is thrown). Keeps unit tests about behaviour.
 */
export interface Decider<State, Command, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (state: State, command: Command) => Event[];
}

export interface DeciderSpec<State, Command, Event> {
  given(events: Event[]): { when(command: Command): Outcome<State, Event> };
}

export interface Outcome<State, Event> {
  then(expected: Event[]): State;
  thenThrows(matcher: RegExp | (new (...args: never[]) => Error)): void;
  events(): Event[];
}

export function deciderSpec<State, Command, Event>(
  decider: Decider<State, Command, Event>,
): DeciderSpec<State, Command, Event> {
  return {
    given(history) {
      const state = history.reduce(decider.evolve, decider.initialState());
      return {
        when(command) {
          const run = (): Event[] => decider.decide(state, command);
          return {
            events: run,
            then(expected) {
              const produced = run();
              expect(produced).toEqual(expected);
              return produced.reduce(decider.evolve, state);
            },
            thenThrows(matcher) {
              expect(run).toThrow(matcher as never);
            },
          };
        },
      };
    },
  };
}
