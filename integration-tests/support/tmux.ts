// A terminal program under test in a detached tmux pane: keys in with send-keys, the screen out with
// capture-pane. Each pane gets its own tmux server (-L socket), so tests never touch a user's tmux.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '@kot/testing';

const run = promisify(execFile);

export class TmuxPane {
  private readonly socket = `kot-test-${randomUUID().slice(0, 8)}`;
  private readonly target = 'main';
  private readonly config = join(tmpdir(), `${this.socket}.conf`);

  private tmux(...args: string[]): Promise<{ stdout: string }> {
    return run('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /**
   * Starts `command` (run by sh) in a pane of exactly columns x rows. The pane stays after the program
   * exits (remain-on-exit), so its exit status can still be read.
   */
  async start(command: string, size = { columns: 80, rows: 24 }): Promise<this> {
    await writeFile(this.config, 'set -g remain-on-exit on\nset -g status off\n');
    // -u: UTF-8 whatever the locale, so the sparkline's block characters survive.
    // The shell prints the program's exit code after it: tmux 3.3 sometimes records a dead pane with
    // neither #{pane_dead_status} nor #{pane_dead_signal} (seen in CI), so the screen is the reliable record.
    const recorded = `${command}; printf '\\n[exit %d]\\n' $?`;
    await this.tmux(
      '-u',
      '-f',
      this.config,
      'new-session',
      '-d',
      '-s',
      this.target,
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      recorded,
    );
    return this;
  }

  async screen(): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-t', this.target)).stdout;
  }

  /** Polls the screen until `predicate` holds; the failure message shows the last screen. */
  async waitFor(what: string, predicate: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
    let last = '';
    try {
      return await eventually(
        async () => {
          last = await this.screen();
          return predicate(last) && last;
        },
        what,
        timeoutMs,
        250,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- screen ---\n${last}`);
    }
  }

  /** Keys as tmux names them ("Enter", "Escape") or, with literal, text typed as is. */
  async keys(keys: string, literal = false): Promise<void> {
    await this.tmux('send-keys', '-t', this.target, ...(literal ? ['-l', keys] : [keys]));
  }

  /** undefined while the program runs; its exit status once it has exited. */
  /** The program's exit code once it has exited (as printed by the wrapping shell), else undefined. */
  async exitStatus(): Promise<number | undefined> {
    const match = /\[exit (\d+)\]/.exec(await this.screen());
    return match ? Number(match[1]) : undefined;
  }

  /** Ends the pane's program and server, and removes the socket and config files. */
  async kill(): Promise<void> {
    const { stdout } = await this.tmux('display-message', '-p', '#{socket_path}').catch(() => ({ stdout: '' }));
    await this.tmux('kill-server').catch(() => undefined);
    await Promise.all([
      rm(this.config, { force: true }),
      stdout.trim() ? rm(stdout.trim(), { force: true }) : undefined,
    ]);
  }
}
