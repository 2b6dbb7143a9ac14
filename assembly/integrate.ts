// Velocity-Verlet half steps of fix nve (LAMMPS fix_nve.cpp) over atoms i0..i1-1, in the kernel's memory where the
// host keeps the atoms' positions, velocities and forces (host/wasm/atom-vectors.ts), so a worker team integrates its
// own share of the atoms. dtfm: f64 per atom type, dtf/mass (index = type); mask: a byte per atom, nonzero for the
// group's atoms (0: every atom). The arithmetic is LAMMPS's, in its order.

/** First half step: v += dtfm·f, then x += dt·v. */
export function nve_initial(i0: i32, i1: i32, x: usize, v: usize, f: usize, type: usize, dtfm: usize, mask: usize, dt: f64): void {
  for (let i = i0; i < i1; i++) {
    if (mask != 0 && load<u8>(mask + <usize>i) == 0) continue;
    const c = load<f64>(dtfm + (<usize>load<i32>(type + (<usize>i << 2)) << 3));
    const o = <usize>i * 24;
    const vx = load<f64>(v + o) + c * load<f64>(f + o);
    const vy = load<f64>(v + o, 8) + c * load<f64>(f + o, 8);
    const vz = load<f64>(v + o, 16) + c * load<f64>(f + o, 16);
    store<f64>(v + o, vx); store<f64>(v + o, vy, 8); store<f64>(v + o, vz, 16);
    store<f64>(x + o, load<f64>(x + o) + dt * vx);
    store<f64>(x + o, load<f64>(x + o, 8) + dt * vy, 8);
    store<f64>(x + o, load<f64>(x + o, 16) + dt * vz, 16);
  }
}

/** Second half step: v += dtfm·f. */
export function nve_final(i0: i32, i1: i32, v: usize, f: usize, type: usize, dtfm: usize, mask: usize): void {
  for (let i = i0; i < i1; i++) {
    if (mask != 0 && load<u8>(mask + <usize>i) == 0) continue;
    const c = load<f64>(dtfm + (<usize>load<i32>(type + (<usize>i << 2)) << 3));
    const o = <usize>i * 24;
    store<f64>(v + o, load<f64>(v + o) + c * load<f64>(f + o));
    store<f64>(v + o, load<f64>(v + o, 8) + c * load<f64>(f + o, 8), 8);
    store<f64>(v + o, load<f64>(v + o, 16) + c * load<f64>(f + o, 16), 16);
  }
}
