/* Shared by the ectmd embeddings in C/C++ (embed/kim, embed/lammps): the parameter file written by
 * scripts/kim-model.ts (element names, masses, then the EAM spline tables ectmd built, in the text format of
 * embed/c/harness.c) and the placement of those tables and the 64-byte EAM descriptor in the kernel's linear memory
 * (docs/abi.md, "EAM potential descriptor"). Glue only: the tables are ectmd's, the arithmetic is the kernel's.
 * Include after "ectmd.h" (wasm2c output, module name "ectmd", wabt 1.0.32 names). Header-only (static functions). */
#ifndef ECTMD_EAM_H
#define ECTMD_EAM_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the kernel ABI these embeddings are written against (assembly/memory.ts abi_version, docs/abi.md) */
#define ECTMD_ABI_VERSION 13
#define ECTMD_MAX_ELEMENTS 64

typedef struct {
  int nelements;
  char names[ECTMD_MAX_ELEMENTS][64];
  double mass[ECTMD_MAX_ELEMENTS];
  int ntypes, nr, nrho, nfrho, nrhor, nz2r;
  double rdr, rdrho, rhomax, cutforcesq, cutmax;
  int *type2frho, *type2rhor, *type2z2r;
  double **frho, **rhor, **z2r;
} ectmd_eam_tables;

typedef struct { FILE *f; int ok; } ectmd_reader;

static int ectmd_word(ectmd_reader *r, char *buf) { if (!r->ok || fscanf(r->f, "%127s", buf) != 1) r->ok = 0; return r->ok; }
static void ectmd_expect(ectmd_reader *r, const char *w) { char buf[128]; if (ectmd_word(r, buf) && strcmp(buf, w) != 0) r->ok = 0; }
static double ectmd_num(ectmd_reader *r) {
  char buf[128], *end;
  if (!ectmd_word(r, buf)) return 0;
  double v = strtod(buf, &end);
  if (*end != '\0') r->ok = 0;
  return v;
}
static int *ectmd_ints(ectmd_reader *r, int n) {
  int *a = (int *)malloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) a[i] = (int)ectmd_num(r);
  return a;
}
static double **ectmd_splines(ectmd_reader *r, const char *key, int n, int *count) {
  ectmd_expect(r, key);
  *count = (int)ectmd_num(r);
  if (!r->ok || *count < 0 || *count > 100000) { r->ok = 0; *count = 0; return NULL; }
  double **s = (double **)calloc((size_t)(*count > 0 ? *count : 1), sizeof(double *));
  for (int q = 0; q < *count; q++) {
    s[q] = (double *)malloc(sizeof(double) * 7 * (size_t)(n + 1));
    for (int k = 0; k < 7 * (n + 1); k++) s[q][k] = ectmd_num(r);
  }
  return s;
}

static void ectmd_eam_free(ectmd_eam_tables *t) {
  for (int q = 0; q < t->nfrho; q++) free(t->frho[q]);
  for (int q = 0; q < t->nrhor; q++) free(t->rhor[q]);
  for (int q = 0; q < t->nz2r; q++) free(t->z2r[q]);
  free(t->frho); free(t->rhor); free(t->z2r);
  free(t->type2frho); free(t->type2rhor); free(t->type2z2r);
  memset(t, 0, sizeof *t);
}

/* Reads `ectmd-kim-eam 2`: elements N names, masses N values, then `ectmd-eam-tables 1` ... with one type per
 * element (type e+1 = element e). Returns 1 on success; 0 (tables freed) on any format error. */
static int ectmd_eam_read(FILE *f, ectmd_eam_tables *t) {
  ectmd_reader r = { f, f != NULL };
  char buf[128];
  memset(t, 0, sizeof *t);
  ectmd_expect(&r, "ectmd-kim-eam"); ectmd_expect(&r, "2");
  ectmd_expect(&r, "elements"); t->nelements = (int)ectmd_num(&r);
  if (!r.ok || t->nelements < 1 || t->nelements > ECTMD_MAX_ELEMENTS) return 0;
  for (int e = 0; e < t->nelements; e++) {
    if (ectmd_word(&r, buf) && strlen(buf) < sizeof t->names[e]) strcpy(t->names[e], buf); else r.ok = 0;
  }
  ectmd_expect(&r, "masses");
  if ((int)ectmd_num(&r) != t->nelements) r.ok = 0;
  for (int e = 0; e < t->nelements; e++) t->mass[e] = ectmd_num(&r);
  ectmd_expect(&r, "ectmd-eam-tables"); ectmd_expect(&r, "1");
  ectmd_expect(&r, "ntypes"); t->ntypes = (int)ectmd_num(&r);
  ectmd_expect(&r, "nr"); t->nr = (int)ectmd_num(&r);
  ectmd_expect(&r, "nrho"); t->nrho = (int)ectmd_num(&r);
  if (!r.ok || t->ntypes != t->nelements || t->nr < 2 || t->nrho < 2 || t->nr > 10000000 || t->nrho > 10000000) return 0;
  ectmd_expect(&r, "rdr"); t->rdr = ectmd_num(&r);
  ectmd_expect(&r, "rdrho"); t->rdrho = ectmd_num(&r);
  ectmd_expect(&r, "rhomax"); t->rhomax = ectmd_num(&r);
  ectmd_expect(&r, "cutforcesq"); t->cutforcesq = ectmd_num(&r);
  ectmd_expect(&r, "cutmax"); t->cutmax = ectmd_num(&r);
  int nt1 = t->ntypes + 1;
  ectmd_expect(&r, "type2frho"); t->type2frho = ectmd_ints(&r, nt1);
  ectmd_expect(&r, "type2rhor"); t->type2rhor = ectmd_ints(&r, nt1 * nt1);
  ectmd_expect(&r, "type2z2r"); t->type2z2r = ectmd_ints(&r, nt1 * nt1);
  t->frho = ectmd_splines(&r, "frho", t->nrho, &t->nfrho);
  t->rhor = ectmd_splines(&r, "rhor", t->nr, &t->nrhor);
  t->z2r = ectmd_splines(&r, "z2r", t->nr, &t->nz2r);
  int ok = r.ok;
  for (int i = 1; ok && i < nt1; i++) {
    if (t->type2frho[i] < 0 || t->type2frho[i] >= t->nfrho) ok = 0;
    for (int j = 1; ok && j < nt1; j++) {
      if (t->type2rhor[i * nt1 + j] < 0 || t->type2rhor[i * nt1 + j] >= t->nrhor) ok = 0;
      if (t->type2z2r[i * nt1 + j] < 0 || t->type2z2r[i * nt1 + j] >= t->nz2r) ok = 0;
    }
  }
  if (!ok) ectmd_eam_free(t);
  return ok;
}

/* ---- kernel memory (byte offsets; re-read the memory's base after every alloc) ---- */

static uint8_t *ectmd_mem(Z_ectmd_instance_t *k) { return Z_ectmdZ_memory(k)->data; }
static double *ectmd_f64(Z_ectmd_instance_t *k, u32 p) { return (double *)(ectmd_mem(k) + p); }
static int32_t *ectmd_i32(Z_ectmd_instance_t *k, u32 p) { return (int32_t *)(ectmd_mem(k) + p); }

static u32 ectmd_alloc(Z_ectmd_instance_t *k, size_t bytes) {
  if (bytes < 16) bytes = 16;
  if (bytes > 0xffffffffu) return 0;
  return Z_ectmdZ_alloc(k, (u32)bytes);
}

static u32 ectmd_place(Z_ectmd_instance_t *k, const double *src, size_t n, double scale) {
  u32 p = ectmd_alloc(k, 8 * n);
  if (!p) return 0;
  double *d = ectmd_f64(k, p);
  for (size_t q = 0; q < n; q++) d[q] = src[q] * scale; /* scale 1 or 0.5: exact */
  return p;
}

/* Places F(rho) and rho(r) splines once (pf[nfrho], pr[nrhor] receive their offsets); returns 0 when memory cannot grow. */
static int ectmd_place_density(Z_ectmd_instance_t *k, const ectmd_eam_tables *t, u32 *pf, u32 *pr) {
  for (int q = 0; q < t->nfrho; q++) if (!(pf[q] = ectmd_place(k, t->frho[q], 7 * (size_t)(t->nrho + 1), 1.0))) return 0;
  for (int q = 0; q < t->nrhor; q++) if (!(pr[q] = ectmd_place(k, t->rhor[q], 7 * (size_t)(t->nr + 1), 1.0))) return 0;
  return 1;
}

/* One EAM descriptor over the placed density splines and r*phi splines scaled by phiScale (1, or 0.5 for the
 * half-weighted pairs of the KIM driver). Returns its offset, 0 when memory cannot grow. */
static u32 ectmd_place_potential(Z_ectmd_instance_t *k, const ectmd_eam_tables *t, double phiScale, const u32 *pf, const u32 *pr) {
  const int nt1 = t->ntypes + 1;
  u32 *pz = (u32 *)malloc(sizeof(u32) * (size_t)(t->nz2r + 1));
  for (int q = 0; q < t->nz2r; q++) if (!(pz[q] = ectmd_place(k, t->z2r[q], 7 * (size_t)(t->nr + 1), phiScale))) { free(pz); return 0; }
  size_t nzero = 7 * (size_t)((t->nr > t->nrho ? t->nr : t->nrho) + 1);
  u32 zero = ectmd_alloc(k, 8 * nzero);
  u32 mapF = ectmd_alloc(k, 4 * (size_t)nt1), mapR = ectmd_alloc(k, 4 * (size_t)nt1 * nt1), mapZ = ectmd_alloc(k, 4 * (size_t)nt1 * nt1);
  u32 pot = ectmd_alloc(k, 64);
  if (!zero || !mapF || !mapR || !mapZ || !pot) { free(pz); return 0; }
  Z_ectmdZ_zero_f64(k, 0, (u32)nzero, zero);
  for (int i = 0; i < nt1; i++) {
    ectmd_i32(k, mapF)[i] = (int32_t)(i > 0 ? pf[t->type2frho[i]] : zero);
    for (int j = 0; j < nt1; j++) {
      int q = i * nt1 + j, treated = i > 0 && j > 0;
      ectmd_i32(k, mapR)[q] = (int32_t)(treated ? pr[t->type2rhor[q]] : zero);
      ectmd_i32(k, mapZ)[q] = (int32_t)(treated ? pz[t->type2z2r[q]] : zero);
    }
  }
  int32_t head[6] = { t->ntypes, t->nr, t->nrho, (int32_t)mapF, (int32_t)mapR, (int32_t)mapZ };
  double tail[4] = { t->rdr, t->rdrho, t->rhomax, t->cutforcesq };
  memcpy(ectmd_mem(k) + pot, head, 24);
  memcpy(ectmd_mem(k) + pot + 24, tail, 32);
  free(pz);
  return pot;
}

#endif
