/* One EAM energy/force evaluation through the ectmd kernel ABI (docs/abi.md) from C: the scalar build translated
 * by wasm2c (wabt 1.0.32 naming, module name "ectmd"), the call sequence of the ABI walkthrough, and the same
 * ghost, bin and list parameters as ectmd's host, so the numbers equal ectmd's bit for bit.
 * Usage: harness TABLES CRYSTAL   (files written by scripts/embed-reference.ts); prints energy, virial and
 * forces with %.17g in the format of that script's reference.*.txt. Assumes a little-endian host. */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ectmd.h"
#include "wasm-rt-impl.h"

static Z_ectmd_instance_t K;

static void fail(const char *what, const char *detail) {
  fprintf(stderr, "harness: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

/* ---- kernel memory: byte offsets (u32) into the instance's linear memory, re-read after every alloc ---- */

static uint8_t *mem(void) { return Z_ectmdZ_memory(&K)->data; }
static double *f64p(u32 p) { return (double *)(mem() + p); }
static int32_t *i32p(u32 p) { return (int32_t *)(mem() + p); }

static u32 kalloc(size_t bytes) {
  if (bytes < 16) bytes = 16;
  if (bytes > 0xffffffffu) fail("allocation too large", NULL);
  u32 p = Z_ectmdZ_alloc(&K, (u32)bytes);
  if (p == 0) fail("kernel alloc failed (memory limit)", NULL);
  return p;
}

static u32 place_f64(const double *src, size_t n) {
  u32 p = kalloc(8 * n);
  memcpy(f64p(p), src, 8 * n);
  return p;
}

/* ---- the two input files: whitespace-separated tokens, numbers parsed with strtod (exact) ---- */

typedef struct { FILE *f; const char *name; } Reader;

static void expect_word(Reader *r, const char *w) {
  char buf[64];
  if (fscanf(r->f, "%63s", buf) != 1 || strcmp(buf, w) != 0) {
    fprintf(stderr, "harness: %s: expected '%s', found '%s'\n", r->name, w, buf);
    exit(1);
  }
}

static double read_num(Reader *r) {
  char buf[64], *end;
  if (fscanf(r->f, "%63s", buf) != 1) fail(r->name, "unexpected end of file");
  double v = strtod(buf, &end);
  if (*end != '\0') fail(r->name, "number expected");
  return v;
}

static double *read_f64s(Reader *r, size_t n) {
  double *a = malloc(8 * n);
  for (size_t i = 0; i < n; i++) a[i] = read_num(r);
  return a;
}

typedef struct {
  int ntypes, nr, nrho, nfrho, nrhor, nz2r;
  double rdr, rdrho, rhomax, cutforcesq, cutmax;
  int *type2frho, *type2rhor, *type2z2r;
  double **frho, **rhor, **z2r;
} Tables;

static int *read_ints(Reader *r, int n) {
  int *a = malloc(sizeof(int) * n);
  for (int i = 0; i < n; i++) a[i] = (int)read_num(r);
  return a;
}

static double **read_splines(Reader *r, const char *key, int n, int *count) {
  expect_word(r, key);
  *count = (int)read_num(r);
  double **s = malloc(sizeof(double *) * (*count > 0 ? *count : 1));
  for (int q = 0; q < *count; q++) s[q] = read_f64s(r, 7 * (size_t)(n + 1));
  return s;
}

static Tables read_tables(const char *path) {
  Reader r = { fopen(path, "r"), path };
  if (!r.f) fail("cannot open", path);
  Tables t;
  expect_word(&r, "ectmd-eam-tables"); expect_word(&r, "1");
  expect_word(&r, "ntypes"); t.ntypes = (int)read_num(&r);
  expect_word(&r, "nr"); t.nr = (int)read_num(&r);
  expect_word(&r, "nrho"); t.nrho = (int)read_num(&r);
  expect_word(&r, "rdr"); t.rdr = read_num(&r);
  expect_word(&r, "rdrho"); t.rdrho = read_num(&r);
  expect_word(&r, "rhomax"); t.rhomax = read_num(&r);
  expect_word(&r, "cutforcesq"); t.cutforcesq = read_num(&r);
  expect_word(&r, "cutmax"); t.cutmax = read_num(&r);
  int nt1 = t.ntypes + 1;
  expect_word(&r, "type2frho"); t.type2frho = read_ints(&r, nt1);
  expect_word(&r, "type2rhor"); t.type2rhor = read_ints(&r, nt1 * nt1);
  expect_word(&r, "type2z2r"); t.type2z2r = read_ints(&r, nt1 * nt1);
  t.frho = read_splines(&r, "frho", t.nrho, &t.nfrho);
  t.rhor = read_splines(&r, "rhor", t.nr, &t.nrhor);
  t.z2r = read_splines(&r, "z2r", t.nr, &t.nz2r);
  fclose(r.f);
  return t;
}

typedef struct { int n; double lo[3], hi[3], skin; double *x; int32_t *type; } Crystal;

static Crystal read_crystal(const char *path) {
  Reader r = { fopen(path, "r"), path };
  if (!r.f) fail("cannot open", path);
  Crystal c;
  expect_word(&r, "ectmd-crystal"); expect_word(&r, "1");
  expect_word(&r, "n"); c.n = (int)read_num(&r);
  expect_word(&r, "lo"); for (int d = 0; d < 3; d++) c.lo[d] = read_num(&r);
  expect_word(&r, "hi"); for (int d = 0; d < 3; d++) c.hi[d] = read_num(&r);
  expect_word(&r, "skin"); c.skin = read_num(&r);
  c.x = malloc(24 * (size_t)c.n);
  c.type = malloc(4 * (size_t)c.n);
  for (int i = 0; i < c.n; i++) {
    c.type[i] = (int32_t)read_num(&r);
    for (int d = 0; d < 3; d++) c.x[3 * i + d] = read_num(&r);
  }
  fclose(r.f);
  return c;
}

/* ---- the ABI walkthrough: potential → ghosts → bins and half list → density, embedding, forces, virial ---- */

static void evaluate(const Tables *t, const Crystal *c) {
  const int n = c->n, nt1 = t->ntypes + 1;
  Z_ectmdZ_reset(&K);

  /* 1. spline tables, type maps (a shared all-zero table for unset entries) and the 64-byte descriptor */
  u32 *pf = malloc(4 * (t->nfrho + 1)), *pr = malloc(4 * (t->nrhor + 1)), *pz = malloc(4 * (t->nz2r + 1));
  for (int q = 0; q < t->nfrho; q++) pf[q] = place_f64(t->frho[q], 7 * (size_t)(t->nrho + 1));
  for (int q = 0; q < t->nrhor; q++) pr[q] = place_f64(t->rhor[q], 7 * (size_t)(t->nr + 1));
  for (int q = 0; q < t->nz2r; q++) pz[q] = place_f64(t->z2r[q], 7 * (size_t)(t->nr + 1));
  size_t nzero = 7 * (size_t)((t->nr > t->nrho ? t->nr : t->nrho) + 1);
  u32 zero = kalloc(8 * nzero);
  Z_ectmdZ_zero_f64(&K, 0, (u32)nzero, zero);
  u32 mapFrho = kalloc(4 * nt1), mapRhor = kalloc(4 * nt1 * nt1), mapZ2r = kalloc(4 * nt1 * nt1);
  for (int i = 0; i < nt1; i++) {
    i32p(mapFrho)[i] = (int32_t)(i > 0 && t->type2frho[i] >= 0 ? pf[t->type2frho[i]] : zero);
    for (int j = 0; j < nt1; j++) {
      int q = i * nt1 + j, treated = i > 0 && j > 0 && t->type2frho[i] >= 0 && t->type2frho[j] >= 0;
      i32p(mapRhor)[q] = (int32_t)(treated && t->type2rhor[q] >= 0 ? pr[t->type2rhor[q]] : zero);
      i32p(mapZ2r)[q] = (int32_t)(treated && t->type2z2r[q] >= 0 ? pz[t->type2z2r[q]] : zero);
    }
  }
  u32 pot = kalloc(64);
  int32_t head[6] = { t->ntypes, t->nr, t->nrho, (int32_t)mapFrho, (int32_t)mapRhor, (int32_t)mapZ2r };
  double tail[4] = { t->rdr, t->rdrho, t->rhomax, t->cutforcesq };
  memcpy(mem() + pot, head, 24);
  memcpy(mem() + pot + 24, tail, 32);

  /* 2. periodic images (orthogonal box): h⁻¹ in LAMMPS order xx yy zz yz xz xy, face widths 1/h⁻¹ */
  double lx = c->hi[0] - c->lo[0], ly = c->hi[1] - c->lo[1], lz = c->hi[2] - c->lo[2];
  double hinv[6] = { 1 / lx, 1 / ly, 1 / lz, -0.0 / (ly * lz), (0.0 * 0.0 - ly * 0.0) / (lx * ly * lz), -0.0 / (lx * ly) };
  double cutneigh = t->cutmax + c->skin, cf[3];
  for (int d = 0; d < 3; d++) cf[d] = cutneigh / (1 / hinv[d]);
  u32 cap = (u32)ceil(1024 + 1.1 * n * ((1 + 2 * cf[0]) * (1 + 2 * cf[1]) * (1 + 2 * cf[2]) - 1));
  u32 x = kalloc(24 * ((size_t)n + cap)), lam = kalloc(24 * ((size_t)n + cap));
  u32 owner = kalloc(4 * (size_t)cap), image = kalloc(12 * (size_t)cap), shift = kalloc(24 * (size_t)cap);
  memcpy(f64p(x), c->x, 24 * (size_t)n);
  int32_t ng = (int32_t)Z_ectmdZ_ghost_build(&K, n, x, c->lo[0], c->lo[1], c->lo[2],
      hinv[0], hinv[1], hinv[2], hinv[3], hinv[4], hinv[5], cf[0], cf[1], cf[2],
      lx, 0, 0, 0, ly, 0, 0, 0, lz, lam, cap, owner, image, shift);
  if (ng < 0) fail("ghost_build: more ghosts than the capacity", NULL);
  Z_ectmdZ_ghost_positions(&K, n, ng, owner, shift, x);
  int nall = n + ng;
  u32 type = kalloc(4 * (size_t)nall);
  memcpy(i32p(type), c->type, 4 * (size_t)n);
  Z_ectmdZ_ghost_copy_i32(&K, n, ng, owner, type);

  /* 3. bins over the bounding box of owned + ghost atoms (edge cutneigh/2) and the half list; build_half skips a
   *    whole bin row that might not fit, so the list is complete only when count + nall <= capacity */
  u32 bbox = kalloc(48);
  Z_ectmdZ_bounds3(&K, nall, x, bbox);
  double b[6];
  memcpy(b, f64p(bbox), 48);
  double binsize = 0.5 * cutneigh;
  int nbx = (int)floor((b[3] - b[0]) / binsize) + 1, nby = (int)floor((b[4] - b[1]) / binsize) + 1, nbz = (int)floor((b[5] - b[2]) / binsize) + 1;
  u32 binOf = kalloc(4 * (size_t)nall), binStart = kalloc(4 * ((size_t)nbx * nby * nbz + 1));
  u32 binAtoms = kalloc(4 * (size_t)nall), xb = kalloc(24 * (size_t)nall);
  Z_ectmdZ_bin_atoms(&K, nall, x, b[0], b[1], b[2], binsize, nbx, nby, nbz, binOf, binStart, binAtoms, xb);
  u32 offs = kalloc(4 * ((size_t)n + 1));
  u32 capPairs = 64u * n + nall, idx = kalloc(4 * (size_t)capPairs), np;
  for (;;) {
    np = Z_ectmdZ_build_half(&K, 0, n, x, b[0], b[1], b[2], binsize, nbx, nby, nbz, binOf, binStart, binAtoms, xb,
        cutneigh * cutneigh, offs, idx, capPairs);
    if (np + nall <= capPairs) break;
    capPairs = np + nall;
    idx = kalloc(4 * (size_t)capPairs);
  }
  i32p(offs)[n] = (int32_t)np;

  /* 4. density → fold → embedding → F' to ghosts → forces → virial (before folding) → fold forces */
  u32 smask = kalloc(4 * ((size_t)(np >> 5) + n + 1)), scratch = kalloc(8192); /* a bit per pair, rows word-aligned */
  u32 rho = kalloc(8 * (size_t)nall), fp = kalloc(8 * (size_t)nall), f = kalloc(24 * (size_t)nall), vir = kalloc(48);
  Z_ectmdZ_zero_f64(&K, 0, nall, rho);
  Z_ectmdZ_zero_f64(&K, 0, nall, fp);
  Z_ectmdZ_zero_f64(&K, 0, 3 * nall, f);
  Z_ectmdZ_zero_f64(&K, 0, 6, vir);
  Z_ectmdZ_eam_density(&K, pot, 0, n, x, type, offs, idx, smask, scratch, rho);
  Z_ectmdZ_ghost_fold(&K, n, ng, owner, rho, 1);
  double energy = Z_ectmdZ_eam_embed(&K, pot, 0, n, type, rho, fp, 1, 0);
  Z_ectmdZ_ghost_copy(&K, n, ng, owner, fp);
  energy += Z_ectmdZ_eam_force(&K, pot, 0, n, x, type, offs, idx, smask, scratch, fp, f, 1, 0, 0);
  Z_ectmdZ_virial_fdotr(&K, 0, nall, x, f, vir);
  Z_ectmdZ_ghost_fold(&K, n, ng, owner, f, 3);

  printf("energy %.17g\n", energy);
  const double *v = f64p(vir);
  printf("virial %.17g %.17g %.17g %.17g %.17g %.17g\n", v[0], v[1], v[2], v[3], v[4], v[5]);
  printf("forces %d\n", n);
  const double *fo = f64p(f);
  for (int i = 0; i < n; i++) printf("%.17g %.17g %.17g\n", fo[3 * i], fo[3 * i + 1], fo[3 * i + 2]);
  free(pf); free(pr); free(pz);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s TABLES CRYSTAL\n", argv[0]); return 2; }
  Tables t = read_tables(argv[1]);
  Crystal c = read_crystal(argv[2]);
  wasm_rt_init();
  Z_ectmd_init_module();
  Z_ectmd_instantiate(&K);
  /* the trap landing site is one process-wide jmp_buf: one thread at a time may run kernels */
  wasm_rt_trap_t trap = wasm_rt_impl_try();
  if (trap != WASM_RT_TRAP_NONE) {
    fprintf(stderr, "harness: kernel trapped: %s\n", wasm_rt_strerror(trap));
    return 1;
  }
  Z_ectmdZ__initialize(&K);
  if (Z_ectmdZ_abi_version(&K) != 13) { fprintf(stderr, "harness: kernel ABI version %u, expected 13\n", Z_ectmdZ_abi_version(&K)); return 1; }
  evaluate(&t, &c);
  Z_ectmd_free(&K);
  wasm_rt_free();
  return 0;
}
