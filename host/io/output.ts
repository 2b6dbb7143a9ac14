// Screen and log-file output as LAMMPS: messages go to both, echoed input lines per `echo`/-echo
// (default: log only), and a live progress line that only ever appears on an interactive terminal.

import { closeSync, openSync, writeSync } from 'node:fs';
import { fileError } from '../errors.js';
import type { Where } from '../lammps/where.js';

export type EchoMode = 'none' | 'screen' | 'log' | 'both';

export class Output {
  private logFd: number | null = null;
  screen: boolean;
  echo: EchoMode = 'log';
  private progressShown = false;
  /** whether the screen is a terminal (given by the CLI when output goes through a worker thread) */
  private readonly tty: boolean;

  constructor(opts: { screen: boolean; logPath: string | null; append?: boolean; tty?: boolean }) {
    this.screen = opts.screen;
    this.tty = opts.tty ?? Boolean(process.stdout.isTTY);
    if (opts.logPath) this.openLog(opts.logPath, opts.append ?? false);
  }

  openLog(path: string | null, append: boolean, where?: Where): void {
    if (this.logFd !== null) closeSync(this.logFd);
    this.logFd = null;
    if (path) {
      try {
        this.logFd = openSync(path, append ? 'a' : 'w');
      } catch (err) {
        throw fileError('log file', path, err, where);
      }
    }
  }

  /** A message for screen and log. */
  print(line: string): void {
    this.clearProgress();
    if (this.screen) process.stdout.write(line + '\n');
    if (this.logFd !== null) writeSync(this.logFd, line + '\n');
  }

  /** An input line, per the echo setting. */
  echoLine(line: string): void {
    if ((this.echo === 'screen' || this.echo === 'both') && this.screen) { this.clearProgress(); process.stdout.write(line + '\n'); }
    if ((this.echo === 'log' || this.echo === 'both') && this.logFd !== null) writeSync(this.logFd, line + '\n');
  }

  warn(msg: string): void { this.print(`WARNING: ${msg}`); }

  /** Live progress on a terminal only (never in redirected output or the log). */
  progress(text: string): void {
    if (!this.screen || !this.tty) return;
    process.stdout.write('\r\x1b[2K' + text);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (this.progressShown) { process.stdout.write('\r\x1b[2K'); this.progressShown = false; }
  }

  close(): void {
    this.clearProgress();
    if (this.logFd !== null) { closeSync(this.logFd); this.logFd = null; }
  }
}
