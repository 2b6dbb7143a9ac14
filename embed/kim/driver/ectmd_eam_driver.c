/* KIM API 2 model driver for the EAM family (eam, eam/alloy, eam/fs) on the ectmd kernel: the scalar build of
 * build/ectmd.scalar.wasm translated by wasm2c (wabt 1.0.32 names, module "ectmd"). This file is glue only: it reads
 * the spline tables ectmd built (scripts/kim-model.ts), copies KIM's particles and neighbour lists into the kernel's
 * linear memory, calls the kernel's EAM passes (docs/abi.md) and copies energy, forces, particle energies, the
 * virial and particle virials back. No physics is evaluated here.
 *
 * KIM gives positions, species, contributing flags and full neighbour lists of the contributing particles, no box
 * and no map from a non-contributing particle (a LAMMPS ghost) to the particle it copies. The energy KIM asks for is
 * the sum over contributing particles i of F(rho_i) + 1/2 sum_j phi_ij, so:
 *   - list A: pairs of two contributing particles, once each (j > i): full phi, both embedding terms;
 *   - list B: pairs of a contributing particle i with a non-contributing j, each through a private copy ("slot") of
 *     j: rho_i gets j's density, F'(slot) = 0 (j's embedding energy is not this process's), and phi comes from a
 *     second descriptor whose r*phi tables are the first's times 0.5 (exact), so the pair contributes 1/2 phi;
 *   - a slot's force is folded onto j (ghost_fold with slot -> j) and its half of the tallied pair energy onto i
 *     (slot -> i), so particleEnergy of i is F(rho_i) + 1/2 sum_j phi_ij and zero on non-contributing particles;
 *   - a slot's half of the tallied pair virial is folded onto j, as its force: the pair (i, j) is seen from both
 *     sides (i's list and, on j's process, j's), each at half weight, so after the simulator's reverse
 *     communication every particle holds half the virial of each of its pairs, as LAMMPS's own per-atom virial.
 * The simulator adds forces and particle virials on non-contributing particles to the particles they copy (LAMMPS:
 * reverse comm).
 *
 * Kernel memory order: contributing particles in KIM order, then the non-contributing ones, then the slots.
 * Traps (out-of-bounds access in the kernel) are caught with wasm_rt_impl_try() and returned as an error; the
 * runtime's trap state is one process-wide jmp_buf: one thread at a time per process may compute. */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "KIM_ModelDriverHeaders.h"
#define KIM_LOG_MAXIMUM_LEVEL KIM_LOG_VERBOSITY_ERROR_
#include "KIM_LogMacros.h"
#include "ectmd.h"
#include "wasm-rt-impl.h"
#include "ectmd_eam.h"

#define EXPORT __attribute__((visibility("default")))

typedef struct {
  Z_ectmd_instance_t k;
  ectmd_eam_tables t;
  double influence, cutoff;
  int noNeighborsOfNoncontributing;
  /* kernel pointers (byte offsets), valid until the next reset */
  u32 pot, potHalf;
  /* capacities of the per-call buffers (particles + slots, pairs per list) */
  u32 capAtoms, capA, capB, capContrib;
  u32 x, type, rho, fp, f, eatom, vatom, vir, owner, partner;
  u32 offsA, idxA, smaskA, scratch; /* scratch: the EAM passes' 8 KiB */
  u32 offsB, idxB, smaskB;
  /* host scratch */
  int *perm;
  size_t permCap;
} Buffer;

static int rt_ready = 0;

static double *f64p(Buffer *b, u32 p) { return ectmd_f64(&b->k, p); }
static int32_t *i32p(Buffer *b, u32 p) { return ectmd_i32(&b->k, p); }

/* reset() the kernel, place both descriptors, then per-call buffers for nAtoms particles+slots, nContrib contributing
 * particles and pair lists of capA/capB pairs. Returns 0 when memory cannot grow. */
static int layout(Buffer *b, u32 nAtoms, u32 nContrib, u32 capA, u32 capB) {
  const ectmd_eam_tables *t = &b->t;
  Z_ectmd_instance_t *k = &b->k;
  Z_ectmdZ_reset(k);
  u32 *pf = malloc(sizeof(u32) * (size_t)(t->nfrho + 1)), *pr = malloc(sizeof(u32) * (size_t)(t->nrhor + 1));
  int ok = ectmd_place_density(k, t, pf, pr);
  if (ok) ok = (b->pot = ectmd_place_potential(k, t, 1.0, pf, pr)) != 0;
  if (ok) ok = (b->potHalf = ectmd_place_potential(k, t, 0.5, pf, pr)) != 0;
  free(pf); free(pr);
  if (!ok) return 0;
  size_t na = nAtoms, nc = nContrib;
  u32 *slots[] = { &b->x, &b->type, &b->rho, &b->fp, &b->f, &b->eatom, &b->vatom, &b->vir, &b->owner, &b->partner,
    &b->offsA, &b->idxA, &b->smaskA, &b->scratch,
    &b->offsB, &b->idxB, &b->smaskB };
  size_t sizes[] = { 24 * na, 4 * na, 8 * na, 8 * na, 24 * na, 8 * na, 48 * na, 48, 4 * na, 4 * na,
    4 * (nc + 1), 4 * (size_t)capA, 4 * ((size_t)(capA >> 5) + nc + 1), 8192,
    4 * (nc + 1), 4 * (size_t)capB, 4 * ((size_t)(capB >> 5) + nc + 1) };
  for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) if (!(*slots[s] = ectmd_alloc(k, sizes[s]))) return 0;
  b->capAtoms = nAtoms; b->capContrib = nContrib; b->capA = capA; b->capB = capB;
  return 1;
}

/* ---- KIM routines ---- */

#undef KIM_LOGGER_FUNCTION_NAME
#define KIM_LOGGER_FUNCTION_NAME KIM_ModelCompute_LogEntry
#undef KIM_LOGGER_OBJECT_NAME
#define KIM_LOGGER_OBJECT_NAME mc

static u32 grow(u32 need, u32 have) {
  if (need <= have) return have;
  double g = 1.25 * (double)need + 64;
  return g > 4e9 ? need : (u32)g;
}

/* A virial as the kernel tallies it (sum x (x) f, LAMMPS order xx yy zz xy xz yz) in KIM's convention (the negative, in
 * Voigt order xx yy zz yz xz xy). */
static void toKimVirial(const double *v, double *out) {
  out[0] = -v[0]; out[1] = -v[1]; out[2] = -v[2];
  out[3] = -v[5]; out[4] = -v[4]; out[5] = -v[3];
}

static int compute(KIM_ModelCompute const *const mc, KIM_ModelComputeArguments const *const mca) {
  Buffer *b;
  KIM_ModelCompute_GetModelBufferPointer(mc, (void **)&b);
  int *nPtr = NULL, *species = NULL, *contributing = NULL;
  double *coords = NULL, *energy = NULL, *forces = NULL, *pEnergy = NULL, *virial = NULL, *pVirial = NULL;
  if (KIM_ModelComputeArguments_GetArgumentPointerInteger(mca, KIM_COMPUTE_ARGUMENT_NAME_numberOfParticles, &nPtr)
      || KIM_ModelComputeArguments_GetArgumentPointerInteger(mca, KIM_COMPUTE_ARGUMENT_NAME_particleSpeciesCodes, &species)
      || KIM_ModelComputeArguments_GetArgumentPointerInteger(mca, KIM_COMPUTE_ARGUMENT_NAME_particleContributing, &contributing)
      || KIM_ModelComputeArguments_GetArgumentPointerDouble(mca, KIM_COMPUTE_ARGUMENT_NAME_coordinates, &coords)
      || KIM_ModelComputeArguments_GetArgumentPointerDouble(mca, KIM_COMPUTE_ARGUMENT_NAME_partialEnergy, &energy)
      || KIM_ModelComputeArguments_GetArgumentPointerDouble(mca, KIM_COMPUTE_ARGUMENT_NAME_partialForces, &forces)
      || KIM_ModelComputeArguments_GetArgumentPointerDouble(mca, KIM_COMPUTE_ARGUMENT_NAME_partialParticleEnergy, &pEnergy)
      || KIM_ModelComputeArguments_GetArgumentPointerDouble(mca, KIM_COMPUTE_ARGUMENT_NAME_partialVirial, &virial)
      || KIM_ModelComputeArguments_GetArgumentPointerDouble(mca, KIM_COMPUTE_ARGUMENT_NAME_partialParticleVirial, &pVirial)) {
    LOG_ERROR("ectmd EAM: GetArgumentPointer failed");
    return 1;
  }
  const int np = *nPtr;
  if (np < 0 || np > 0x7fffffff / 8) { LOG_ERROR("ectmd EAM: bad numberOfParticles"); return 1; }

  /* kernel order: contributing first, then non-contributing */
  if (b->permCap < (size_t)np + 1) {
    free(b->perm);
    b->permCap = (size_t)np + 1;
    b->perm = malloc(sizeof(int) * b->permCap);
  }
  int *perm = b->perm, nc = 0;
  for (int p = 0; p < np; p++) {
    if (species[p] < 0 || species[p] >= b->t.nelements) { LOG_ERROR("ectmd EAM: unsupported species code"); return 1; }
    if (contributing[p]) perm[p] = nc++;
  }
  for (int p = 0, g = nc; p < np; p++) if (!contributing[p]) perm[p] = g++;

  /* count the pairs of each list (one neighbour-list pass) */
  size_t nA = 0, nB = 0;
  for (int i = 0; i < np; i++) {
    if (!contributing[i]) continue;
    int nn; int const *nb;
    if (KIM_ModelComputeArguments_GetNeighborList(mca, 0, i, &nn, &nb)) { LOG_ERROR("ectmd EAM: GetNeighborList failed"); return 1; }
    for (int q = 0; q < nn; q++) {
      int j = nb[q];
      if (contributing[j]) nA += j > i; else nB++;
    }
  }
  if ((size_t)np + nB > 0x7ffffffu || nA > 0x3fffffffu) { LOG_ERROR("ectmd EAM: too many particles or pairs for wasm32"); return 1; }
  const u32 nAll = (u32)((size_t)np + nB);

  wasm_rt_trap_t trap = wasm_rt_impl_try();
  if (trap != WASM_RT_TRAP_NONE) {
    b->pot = 0; /* the kernel's memory may be half-written: lay it out again next time */
    char msg[160];
    snprintf(msg, sizeof msg, "ectmd EAM: kernel trapped: %s", wasm_rt_strerror(trap));
    LOG_ERROR(msg);
    return 1;
  }
  if (b->pot == 0 || nAll > b->capAtoms || (u32)nc > b->capContrib || nA > b->capA || nB > b->capB) {
    if (!layout(b, grow(nAll, b->capAtoms), grow((u32)nc, b->capContrib), grow((u32)nA, b->capA), grow((u32)nB, b->capB))) {
      b->pot = 0;
      LOG_ERROR("ectmd EAM: kernel memory cannot grow (wasm32: 4 GiB)");
      return 1;
    }
  }

  /* positions and types (1-based: species code + 1) of particles, then slots; lists A and B */
  double *x = f64p(b, b->x);
  int32_t *type = i32p(b, b->type);
  for (int p = 0; p < np; p++) {
    int k = perm[p];
    x[3 * k] = coords[3 * p]; x[3 * k + 1] = coords[3 * p + 1]; x[3 * k + 2] = coords[3 * p + 2];
    type[k] = species[p] + 1;
  }
  int32_t *offsA = i32p(b, b->offsA), *idxA = i32p(b, b->idxA), *offsB = i32p(b, b->offsB), *idxB = i32p(b, b->idxB);
  int32_t *owner = i32p(b, b->owner), *partner = i32p(b, b->partner);
  u32 a = 0, s = 0;
  for (int i = 0; i < np; i++) {
    if (!contributing[i]) continue;
    const int ki = perm[i];
    int nn; int const *nb;
    KIM_ModelComputeArguments_GetNeighborList(mca, 0, i, &nn, &nb);
    offsA[ki] = (int32_t)a;
    offsB[ki] = (int32_t)s;
    for (int q = 0; q < nn; q++) {
      int j = nb[q];
      if (contributing[j]) {
        if (j > i) idxA[a++] = perm[j];
      } else {
        u32 slot = (u32)np + s;
        x[3 * slot] = coords[3 * j]; x[3 * slot + 1] = coords[3 * j + 1]; x[3 * slot + 2] = coords[3 * j + 2];
        type[slot] = species[j] + 1;
        owner[s] = perm[j];
        partner[s] = ki;
        idxB[s++] = (int32_t)slot;
      }
    }
  }
  offsA[nc] = (int32_t)a;
  offsB[nc] = (int32_t)s;

  /* the kernel's EAM passes (docs/abi.md, One EAM force evaluation) */
  Z_ectmd_instance_t *k = &b->k;
  const int eflag = energy != NULL || pEnergy != NULL;
  const u32 eatom = pEnergy ? b->eatom : 0, vatom = pVirial ? b->vatom : 0;
  Z_ectmdZ_zero_f64(k, 0, nAll, b->rho);
  Z_ectmdZ_zero_f64(k, 0, nAll, b->fp);
  Z_ectmdZ_zero_f64(k, 0, 3 * nAll, b->f);
  if (eatom) Z_ectmdZ_zero_f64(k, 0, nAll, eatom);
  if (vatom) Z_ectmdZ_zero_f64(k, 0, 6 * nAll, vatom);
  Z_ectmdZ_zero_f64(k, 0, 6, b->vir);
  Z_ectmdZ_eam_density(k, b->pot, 0, nc, b->x, b->type, b->offsA, b->idxA, b->smaskA, b->scratch, b->rho);
  Z_ectmdZ_eam_density(k, b->pot, 0, nc, b->x, b->type, b->offsB, b->idxB, b->smaskB, b->scratch, b->rho);
  double e = Z_ectmdZ_eam_embed(k, b->pot, 0, nc, b->type, b->rho, b->fp, eflag, eatom);
  e += Z_ectmdZ_eam_force(k, b->pot, 0, nc, b->x, b->type, b->offsA, b->idxA, b->smaskA, b->scratch, b->fp, b->f, eflag, eatom, vatom);
  e += Z_ectmdZ_eam_force(k, b->potHalf, 0, nc, b->x, b->type, b->offsB, b->idxB, b->smaskB, b->scratch, b->fp, b->f, eflag, eatom, vatom);
  if (virial) Z_ectmdZ_virial_fdotr(k, 0, nAll, b->x, b->f, b->vir);
  Z_ectmdZ_ghost_fold(k, (u32)np, (u32)nB, b->owner, b->f, 3);
  if (eatom) Z_ectmdZ_ghost_fold(k, (u32)np, (u32)nB, b->partner, eatom, 1);
  if (vatom) Z_ectmdZ_ghost_fold(k, (u32)np, (u32)nB, b->owner, vatom, 6);

  /* results back in KIM order */
  if (energy) *energy = e;
  if (forces) {
    const double *f = f64p(b, b->f);
    for (int p = 0; p < np; p++) {
      int kp = perm[p];
      forces[3 * p] = f[3 * kp]; forces[3 * p + 1] = f[3 * kp + 1]; forces[3 * p + 2] = f[3 * kp + 2];
    }
  }
  if (pEnergy) {
    const double *ea = f64p(b, eatom);
    for (int p = 0; p < np; p++) pEnergy[p] = contributing[p] ? ea[perm[p]] : 0.0;
  }
  /* kernel: sum x (x) f, xx yy zz xy xz yz (LAMMPS); KIM: -sum x (x) f in Voigt order xx yy zz yz xz xy */
  if (virial) toKimVirial(f64p(b, b->vir), virial);
  if (pVirial) {
    const double *va = f64p(b, vatom);
    for (int p = 0; p < np; p++) toKimVirial(va + 6 * perm[p], pVirial + 6 * p);
  }
  return 0;
}

#undef KIM_LOGGER_FUNCTION_NAME
#define KIM_LOGGER_FUNCTION_NAME KIM_ModelComputeArgumentsCreate_LogEntry
#undef KIM_LOGGER_OBJECT_NAME
#define KIM_LOGGER_OBJECT_NAME mcac

static int compute_arguments_create(KIM_ModelCompute const *const mc, KIM_ModelComputeArgumentsCreate *const mcac) {
  (void)mc;
  int err = KIM_ModelComputeArgumentsCreate_SetArgumentSupportStatus(mcac, KIM_COMPUTE_ARGUMENT_NAME_partialEnergy, KIM_SUPPORT_STATUS_optional)
      || KIM_ModelComputeArgumentsCreate_SetArgumentSupportStatus(mcac, KIM_COMPUTE_ARGUMENT_NAME_partialForces, KIM_SUPPORT_STATUS_optional)
      || KIM_ModelComputeArgumentsCreate_SetArgumentSupportStatus(mcac, KIM_COMPUTE_ARGUMENT_NAME_partialParticleEnergy, KIM_SUPPORT_STATUS_optional)
      || KIM_ModelComputeArgumentsCreate_SetArgumentSupportStatus(mcac, KIM_COMPUTE_ARGUMENT_NAME_partialVirial, KIM_SUPPORT_STATUS_optional)
      || KIM_ModelComputeArgumentsCreate_SetArgumentSupportStatus(mcac, KIM_COMPUTE_ARGUMENT_NAME_partialParticleVirial, KIM_SUPPORT_STATUS_optional);
  if (err) LOG_ERROR("ectmd EAM: SetArgumentSupportStatus failed");
  return err;
}

static int compute_arguments_destroy(KIM_ModelCompute const *const mc, KIM_ModelComputeArgumentsDestroy *const mcad) {
  (void)mc; (void)mcad;
  return 0;
}

static int destroy(KIM_ModelDestroy *const md) {
  Buffer *b;
  KIM_ModelDestroy_GetModelBufferPointer(md, (void **)&b);
  if (b) {
    Z_ectmd_free(&b->k);
    ectmd_eam_free(&b->t);
    free(b->perm);
    free(b);
  }
  return 0;
}

#undef KIM_LOGGER_FUNCTION_NAME
#define KIM_LOGGER_FUNCTION_NAME KIM_ModelDriverCreate_LogEntry
#undef KIM_LOGGER_OBJECT_NAME
#define KIM_LOGGER_OBJECT_NAME mdc

EXPORT int ectmd_eam_driver_create(KIM_ModelDriverCreate *const mdc, KIM_LengthUnit const requestedLengthUnit,
    KIM_EnergyUnit const requestedEnergyUnit, KIM_ChargeUnit const requestedChargeUnit,
    KIM_TemperatureUnit const requestedTemperatureUnit, KIM_TimeUnit const requestedTimeUnit) {
  (void)requestedLengthUnit; (void)requestedEnergyUnit; (void)requestedChargeUnit; (void)requestedTemperatureUnit; (void)requestedTimeUnit;
  /* the tables are in LAMMPS metal units (Å, eV); the simulator converts or refuses */
  if (KIM_ModelDriverCreate_SetUnits(mdc, KIM_LENGTH_UNIT_A, KIM_ENERGY_UNIT_eV, KIM_CHARGE_UNIT_unused,
        KIM_TEMPERATURE_UNIT_unused, KIM_TIME_UNIT_unused)
      || KIM_ModelDriverCreate_SetModelNumbering(mdc, KIM_NUMBERING_zeroBased)) {
    LOG_ERROR("ectmd EAM: SetUnits/SetModelNumbering failed");
    return 1;
  }
  int nfiles;
  KIM_ModelDriverCreate_GetNumberOfParameterFiles(mdc, &nfiles);
  if (nfiles != 1) { LOG_ERROR("ectmd EAM: expected one parameter file (scripts/kim-model.ts)"); return 1; }
  char const *dir, *base;
  KIM_ModelDriverCreate_GetParameterFileDirectoryName(mdc, &dir);
  if (KIM_ModelDriverCreate_GetParameterFileBasename(mdc, 0, &base)) { LOG_ERROR("ectmd EAM: no parameter file name"); return 1; }
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, base);

  Buffer *b = calloc(1, sizeof(Buffer));
  FILE *pf = fopen(path, "r");
  int ok = ectmd_eam_read(pf, &b->t);
  if (pf) fclose(pf);
  if (!ok) {
    free(b);
    LOG_ERROR("ectmd EAM: cannot read the parameter file (ectmd-kim-eam 2 format, scripts/kim-model.ts)");
    return 1;
  }
  for (int e = 0; e < b->t.nelements; e++) {
    KIM_SpeciesName sp = KIM_SpeciesName_FromString(b->t.names[e]);
    if (!KIM_SpeciesName_Known(sp) || KIM_ModelDriverCreate_SetSpeciesCode(mdc, sp, e)) {
      ectmd_eam_free(&b->t); free(b);
      LOG_ERROR("ectmd EAM: unknown KIM species name in the parameter file");
      return 1;
    }
  }
  b->influence = b->cutoff = b->t.cutmax;
  b->noNeighborsOfNoncontributing = 1;

  if (!rt_ready) { wasm_rt_init(); Z_ectmd_init_module(); rt_ready = 1; }
  Z_ectmd_instantiate(&b->k);
  wasm_rt_trap_t trap = wasm_rt_impl_try();
  if (trap == WASM_RT_TRAP_NONE) Z_ectmdZ__initialize(&b->k);
  if (trap != WASM_RT_TRAP_NONE || Z_ectmdZ_abi_version(&b->k) != ECTMD_ABI_VERSION) {
    Z_ectmd_free(&b->k);
    ectmd_eam_free(&b->t);
    free(b);
    LOG_ERROR(trap != WASM_RT_TRAP_NONE ? "ectmd EAM: kernel trapped during initialization" : "ectmd EAM: kernel ABI version is not the one embed/common/ectmd_eam.h names");
    return 1;
  }

  KIM_ModelDriverCreate_SetModelBufferPointer(mdc, b);
  KIM_ModelDriverCreate_SetInfluenceDistancePointer(mdc, &b->influence);
  KIM_ModelDriverCreate_SetNeighborListPointers(mdc, 1, &b->cutoff, &b->noNeighborsOfNoncontributing);
  int err = KIM_ModelDriverCreate_SetRoutinePointer(mdc, KIM_MODEL_ROUTINE_NAME_ComputeArgumentsCreate, KIM_LANGUAGE_NAME_c, 1, (KIM_Function *)compute_arguments_create)
      || KIM_ModelDriverCreate_SetRoutinePointer(mdc, KIM_MODEL_ROUTINE_NAME_ComputeArgumentsDestroy, KIM_LANGUAGE_NAME_c, 1, (KIM_Function *)compute_arguments_destroy)
      || KIM_ModelDriverCreate_SetRoutinePointer(mdc, KIM_MODEL_ROUTINE_NAME_Compute, KIM_LANGUAGE_NAME_c, 1, (KIM_Function *)compute)
      || KIM_ModelDriverCreate_SetRoutinePointer(mdc, KIM_MODEL_ROUTINE_NAME_Destroy, KIM_LANGUAGE_NAME_c, 1, (KIM_Function *)destroy);
  if (err) { LOG_ERROR("ectmd EAM: SetRoutinePointer failed"); return 1; }
  return 0;
}
