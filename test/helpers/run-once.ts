// Runs shared by the tests of one file: each key's run is made once, and later tests of the same key get its promise
// (a tag in the key asks for a second, independent run of the same settings, to compare two runs bit for bit).

export function runOnce<T>(): (key: string, make: () => Promise<T>) => Promise<T> {
  const runs = new Map<string, Promise<T>>();
  return (key, make) => {
    if (!runs.has(key)) runs.set(key, make());
    return runs.get(key)!;
  };
}
