// Simulation box, LAMMPS conventions (domain.cpp): orthogonal or restricted triclinic with
// edge vectors a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz), origin boxlo, periodic in all three directions.

export type Vec3 = [number, number, number];

export class Box {
  lo: Vec3;
  hi: Vec3;
  xy = 0;
  xz = 0;
  yz = 0;
  triclinic: boolean;
  periodic: [boolean, boolean, boolean] = [true, true, true];

  constructor(lo: Vec3, hi: Vec3, tilt?: { xy: number; xz: number; yz: number }) {
    this.lo = [...lo] as Vec3;
    this.hi = [...hi] as Vec3;
    this.triclinic = tilt !== undefined;
    if (tilt) {
      this.xy = tilt.xy;
      this.xz = tilt.xz;
      this.yz = tilt.yz;
    }
  }

  clone(): Box {
    const b = new Box(this.lo, this.hi, this.triclinic ? { xy: this.xy, xz: this.xz, yz: this.yz } : undefined);
    b.periodic = [...this.periodic] as [boolean, boolean, boolean];
    return b;
  }

  get lx(): number { return this.hi[0] - this.lo[0]; }
  get ly(): number { return this.hi[1] - this.lo[1]; }
  get lz(): number { return this.hi[2] - this.lo[2]; }

  volume(): number { return this.lx * this.ly * this.lz; }

  /** Perpendicular widths of the cell (distance between opposite faces), Å. */
  widths(): Vec3 {
    const { lx, ly, lz, xy, xz, yz } = this;
    // Face normals are the rows of h^-1; width_k = 1 / |row_k(h^-1)|.
    const hi = this.hinv();
    const w0 = 1 / Math.hypot(hi[0], hi[5], hi[4]);
    const w1 = 1 / Math.hypot(hi[1], hi[3]);
    const w2 = 1 / hi[2];
    void lx; void ly; void lz; void xy; void xz; void yz;
    return [w0, w1, w2];
  }

  /** h in LAMMPS order [lx, ly, lz, yz, xz, xy]. */
  h(): number[] { return [this.lx, this.ly, this.lz, this.yz, this.xz, this.xy]; }

  /** Inverse of h in LAMMPS order (domain.cpp set_global_box). */
  hinv(): number[] {
    const [h0, h1, h2, h3, h4, h5] = this.h();
    return [1 / h0, 1 / h1, 1 / h2, -h3 / (h1 * h2), (h3 * h5 - h1 * h4) / (h0 * h1 * h2), -h5 / (h0 * h1)];
  }

  /** Cartesian → fractional (lamda) coordinates. */
  toLamda(x: number, y: number, z: number, out: number[]): void {
    const hi = this.hinv();
    const dx = x - this.lo[0], dy = y - this.lo[1], dz = z - this.lo[2];
    out[0] = hi[0] * dx + hi[5] * dy + hi[4] * dz;
    out[1] = hi[1] * dy + hi[3] * dz;
    out[2] = hi[2] * dz;
  }

  /** Fractional → Cartesian. */
  fromLamda(a: number, b: number, c: number, out: number[]): void {
    const h = this.h();
    out[0] = h[0] * a + h[5] * b + h[4] * c + this.lo[0];
    out[1] = h[1] * b + h[3] * c + this.lo[1];
    out[2] = h[2] * c + this.lo[2];
  }

  /** Corners that move when the box deforms (LAMMPS Neighbor::check_distance): lo and hi when orthogonal, all
   *  eight when triclinic (Domain::box_corners order: x fastest, then y, then z). */
  corners(): Vec3[] {
    if (!this.triclinic) return [[...this.lo] as Vec3, [...this.hi] as Vec3];
    const out: Vec3[] = [];
    const p: number[] = [0, 0, 0];
    for (let c = 0; c <= 1; c++) for (let b = 0; b <= 1; b++) for (let a = 0; a <= 1; a++) {
      this.fromLamda(a, b, c, p);
      out.push([p[0], p[1], p[2]]);
    }
    return out;
  }

  /** Edge vectors a, b, c as rows. */
  edges(): [Vec3, Vec3, Vec3] {
    return [[this.lx, 0, 0], [this.xy, this.ly, 0], [this.xz, this.yz, this.lz]];
  }
}
