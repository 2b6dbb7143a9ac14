// `units metal` constants exactly as LAMMPS 29Sep2021 src/update.cpp (energy eV, distance Å, time ps, mass g/mol).

export const METAL = {
  boltz: 8.617343e-5,
  mvv2e: 1.0364269e-4,
  ftm2v: 1 / 1.0364269e-4,
  nktv2p: 1.6021765e6,
  qqr2e: 14.399645,
  dt: 0.001,
  skin: 2.0,
} as const;
