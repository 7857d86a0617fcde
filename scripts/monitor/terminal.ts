// The terminal as the monitor uses it: alternate screen, hidden cursor, raw keys, frames drawn in
// place. restore() puts everything back and is safe to call more than once (exit, signal, crash).
import type { ScreenSize } from './render';

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
const LEAVE = '\x1b[0m\x1b[?25h\x1b[?1049l';

export interface Terminal {
  size(): ScreenSize;
  /** Draws a frame over the previous one: home, every line cleared to its end, the rest cleared. */
  draw(screen: string): void;
  onKeys(listener: (chunk: string) => void): void;
  onResize(listener: () => void): void;
  restore(): void;
}

export function openTerminal(input: NodeJS.ReadStream, output: NodeJS.WriteStream): Terminal {
  let open = true;
  output.write(ENTER);
  if (input.isTTY) input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return {
    size: () => ({ columns: output.columns || 80, rows: output.rows || 24 }),
    draw(screen) {
      if (!open) return;
      output.write(
        `\x1b[H${screen
          .split('\n')
          .map((line) => `${line}\x1b[K`)
          .join('\r\n')}\x1b[J`,
      );
    },
    onKeys(listener) {
      input.on('data', (chunk: string) => listener(chunk));
    },
    onResize(listener) {
      output.on('resize', listener);
    },
    restore() {
      if (!open) return;
      open = false;
      output.write(LEAVE);
      if (input.isTTY) input.setRawMode(false);
      input.pause();
    },
  };
}
