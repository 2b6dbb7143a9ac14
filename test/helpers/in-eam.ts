// bench/in.eam (LAMMPS's EAM benchmark deck) on a 10×10×10 fcc Cu lattice, 4,000 atoms, with ectmd's own Cu (Zhou
// 2004, potentials/eam) in place of LAMMPS's Cu_u3: the deck up to its thermo and run lines, for the worker-team tests.
// `displace`: lines placed between create_atoms and the force field (each ending in a newline).

export function inEam4000(displace = ''): string {
  return `units metal
atom_style atomic
lattice fcc 3.615
region box block 0 10 0 10 0 10
create_box 1 box
create_atoms 1 box
${displace}pair_style eam/alloy
pair_coeff * * Cu_zjw04.eam.alloy Cu
velocity all create 1600.0 376847 loop geom
neighbor 1.0 bin
neigh_modify every 1 delay 5 check yes
fix 1 all nve
timestep 0.005
`;
}
