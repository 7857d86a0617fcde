// Prometheus counters must move only for changes that really committed: a handler that fails and is
// retried, or an event the inbox drops as a duplicate, must not count twice. So handlers register
// effects against their transaction, and the effects run once that transaction has committed.
import type { SqlTx, TransactionRunner } from '@kot/messaging';

export interface CommitHooks<Tx extends SqlTx> {
  /** Runs work in one transaction, then that transaction's registered effects (only if it committed). */
  transaction: TransactionRunner<Tx>;
  /** Registers an effect for after the commit of `tx`; outside a hooked transaction it runs at once. */
  afterCommit(tx: Tx, effect: () => void): void;
}

/** `beforeCommit` runs at the end of every transaction's work, inside it (buffered writes). */
export function withCommitHooks<Tx extends SqlTx>(run: TransactionRunner<Tx>, beforeCommit?: (tx: Tx) => Promise<void>): CommitHooks<Tx> {
  const pending = new WeakMap<Tx, Array<() => void>>();
  return {
    async transaction(work) {
      const effects: Array<() => void> = [];
      const result = await run(async (tx) => {
        pending.set(tx, effects);
        const value = await work(tx);
        await beforeCommit?.(tx);
        return value;
      });
      for (const effect of effects) effect();
      return result;
    },
    afterCommit(tx, effect) {
      const effects = pending.get(tx);
      if (effects) effects.push(effect);
      else effect();
    },
  };
}
