// Where a command came from (input file and line), threaded through every command so errors can name it.

export interface Where {
  file: string;
  line: number;
}
