// Element names by atom type as the pair_coeff commands gave them: a manybody or charge style's
// `pair_coeff * * [SUBSTYLE] FILE E1 … En` maps type t to Et (NULL: not this style's), LAMMPS's convention.

/** Names of types 1..ntypes (first non-NULL over the `* *` pair_coeff commands), or null when a type has none. */
export function elementsFromPairCoeff(pairCommands: string[][], ntypes: number): string[] | null {
  if (ntypes < 1) return null;
  const names: (string | undefined)[] = new Array(ntypes).fill(undefined);
  for (const words of pairCommands) {
    if (words[0] !== 'pair_coeff' || words[1] !== '*' || words[2] !== '*' || words.length < 4 + ntypes) continue;
    const tail = words.slice(-ntypes);
    if (!tail.every((w) => w === 'NULL' || /^[A-Z][a-z]?$/.test(w))) continue;
    tail.forEach((w, t) => { if (w !== 'NULL' && names[t] === undefined) names[t] = w; });
  }
  return names.every((n) => n !== undefined) ? (names as string[]) : null;
}
