// One error type for everything a user can get wrong: it names the file, the line, what was
// expected and what was found. The CLI prints err.message and exits non-zero.

export class EctmdError extends Error {
  readonly file?: string;
  readonly line?: number;
  constructor(message: string, file?: string, line?: number) {
    super(message);
    this.name = 'EctmdError';
    this.file = file;
    this.line = line;
  }
}

/** `FILE:LINE: WHAT: expected EXPECTED, found FOUND` (line omitted when unknown). */
export function inputError(file: string, line: number | undefined, what: string, expected: string, found: string): EctmdError {
  const loc = line === undefined ? file : `${file}:${line}`;
  return new EctmdError(`${loc}: ${what}: expected ${expected}, found ${found}`, file, line);
}

/** Parse a finite float the way a reader must: anything else is an inputError. */
export function parseFiniteFloat(token: string | undefined, file: string, line: number | undefined, what: string): number {
  if (token === undefined) throw inputError(file, line, what, 'a number', 'end of input');
  const v = Number(token.replace(/[dD]/, 'e'));
  if (token.trim() === '' || !Number.isFinite(v)) throw inputError(file, line, what, 'a finite number', JSON.stringify(token));
  return v;
}

/** Parse an integer token strictly. */
export function parseInteger(token: string | undefined, file: string, line: number | undefined, what: string): number {
  if (token === undefined) throw inputError(file, line, what, 'an integer', 'end of input');
  if (!/^[+-]?\d+$/.test(token)) throw inputError(file, line, what, 'an integer', JSON.stringify(token));
  const v = Number.parseInt(token, 10);
  // beyond 2^53 a double no longer holds every integer: 9007199254740993 would silently become ...992
  if (!Number.isSafeInteger(v)) throw inputError(file, line, what, `an integer of magnitude at most ${Number.MAX_SAFE_INTEGER}`, JSON.stringify(token));
  return v;
}

/** inputError when the place is known, a plain EctmdError otherwise (library calls without an input line). */
export function whereError(where: { file: string; line: number } | undefined, what: string, expected: string, found: string): EctmdError {
  return where ? inputError(where.file, where.line, what, expected, found) : new EctmdError(`${what}: expected ${expected}, found ${found}`);
}

/** A file the user named could not be written or read: `[FILE:LINE: ]Cannot open WHAT PATH: REASON` (REASON from the OS). */
export function fileError(what: string, path: string, err: unknown, where?: { file: string; line: number }): EctmdError {
  const reason = err instanceof Error && 'code' in err ? `${String((err as NodeJS.ErrnoException).code)} (${(err as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')})` : String(err);
  const msg = `Cannot open ${what} ${path}: ${reason}`;
  return where ? new EctmdError(`${where.file}:${where.line}: ${msg}`, where.file, where.line) : new EctmdError(msg, path);
}
