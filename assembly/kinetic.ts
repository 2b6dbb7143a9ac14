// The kinetic tensor of thermo's temperature and pressure (LAMMPS compute temp's vector, before the factor mvv2e),
// summed in the kernel so that a thermo row costs one pass at wasm speed over the atoms' velocities in its memory.

/** out[0..5] += Σ m v_a v_b over atoms i0..i1-1 (xx yy zz xy xz yz, each continuing the sum in out in atom order
 *  as m·v_a·v_b, so that consecutive ranges give one range's sums bit for bit), with m = mass[type[i]] (mass: f64 per
 *  type; type: i32 per atom); mask: a byte per atom, nonzero for the group's atoms (0: every atom). */
export function ke_tensor(i0: i32, i1: i32, v: usize, type: usize, mass: usize, mask: usize, out: usize): void {
  let xx = load<f64>(out), yy = load<f64>(out, 8), zz = load<f64>(out, 16);
  let xy = load<f64>(out, 24), xz = load<f64>(out, 32), yz = load<f64>(out, 40);
  for (let i = i0; i < i1; i++) {
    if (mask != 0 && load<u8>(mask + <usize>i) == 0) continue;
    const m = load<f64>(mass + (<usize>load<i32>(type + (<usize>i << 2)) << 3));
    const o = v + <usize>i * 24;
    const vx = load<f64>(o), vy = load<f64>(o, 8), vz = load<f64>(o, 16);
    xx += m * vx * vx; yy += m * vy * vy; zz += m * vz * vz;
    xy += m * vx * vy; xz += m * vx * vz; yz += m * vy * vz;
  }
  store<f64>(out, xx); store<f64>(out, yy, 8); store<f64>(out, zz, 16);
  store<f64>(out, xy, 24); store<f64>(out, xz, 32); store<f64>(out, yz, 40);
}
