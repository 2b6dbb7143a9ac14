// Shared by the pair styles of lmp_ectmd (lmp_ectmd.cpp: the EAM family; pair_ect_eam_ectmd.cpp: ect/eam/ectmd): the
// kernel's start-up, finding potential files as LAMMPS does, running one of ectmd's Node scripts on rank 0 and handing
// its output to every rank. Glue only. Include after <mpi.h>, "ectmd.h" and "wasm-rt-impl.h".
#ifndef ECTMD_LAMMPS_GLUE_H
#define ECTMD_LAMMPS_GLUE_H

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "atom.h"
#include "ectmd_eam.h"
#include "memory.h"
#include "neigh_list.h"

#ifndef ECTMD_ROOT
#define ECTMD_ROOT ""
#endif

namespace ectmd_glue {

inline std::string shellQuote(const std::string &s)
{
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline bool readWholeFile(const std::string &path, std::string &out)
{
  FILE *f = fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[65536];
  size_t n;
  out.clear();
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  fclose(f);
  return true;
}

// a potential file as given, else under $LAMMPS_POTENTIALS (a bare name neither place names is returned unchanged)
inline std::string resolvePotential(const std::string &path)
{
  FILE *f = fopen(path.c_str(), "r");
  if (f) { fclose(f); return path; }
  const char *dir = getenv("LAMMPS_POTENTIALS");
  if (dir && path.find('/') == std::string::npos) {
    std::string p = std::string(dir) + "/" + path;
    if ((f = fopen(p.c_str(), "r"))) { fclose(f); return p; }
  }
  return path;
}

// Starts wasm2c's runtime once per process and instantiates the kernel; returns an error message, empty on success.
inline std::string startKernel(Z_ectmd_instance_t *kernel)
{
  static bool runtimeReady = false;
  if (!runtimeReady) {
    wasm_rt_init();
    Z_ectmd_init_module();
    runtimeReady = true;
  }
  Z_ectmd_instantiate(kernel);
  if ((wasm_rt_trap_t)wasm_rt_impl_try() != WASM_RT_TRAP_NONE) return "the ectmd kernel trapped during initialization";
  Z_ectmdZ__initialize(kernel);
  if (Z_ectmdZ_abi_version(kernel) != ECTMD_ABI_VERSION) return "the ectmd kernel's ABI version is not " + std::to_string(ECTMD_ABI_VERSION);
  return "";
}

// Runs `node $ECTMD_ROOT/dist/scripts/SCRIPT args…` and returns its standard output in text; false with why set when
// it cannot start or exits non-zero (its standard error goes to the terminal).
inline bool runScript(const std::string &script, const std::vector<std::string> &args, std::string &text, std::string &why)
{
  const char *rootEnv = getenv("ECTMD_ROOT"), *nodeEnv = getenv("ECTMD_NODE");
  std::string root = rootEnv ? rootEnv : ECTMD_ROOT, node = nodeEnv ? nodeEnv : "node";
  std::string line = shellQuote(node) + " " + shellQuote(root + "/dist/scripts/" + script);
  for (auto &a : args) line += " " + shellQuote(a);
  text.clear();
  FILE *p = popen(line.c_str(), "r");
  if (!p) { why = "cannot run " + line; return false; }
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  if (pclose(p) != 0) {
    why = "ectmd could not convert the potential (" + line + "; set ECTMD_ROOT to an ectmd checkout after npm run build, ECTMD_NODE to node)";
    text.clear();
    return false;
  }
  return true;
}

// Rank 0's text (or, when why is non-empty there, its error) on every rank: returns false on every rank when rank 0
// failed, with why set to rank 0's message there.
inline bool shareText(MPI_Comm world, int me, std::string &text, std::string &why)
{
  long len = why.empty() ? (long)text.size() : -1;
  MPI_Bcast(&len, 1, MPI_LONG, 0, world);
  if (len < 0) {
    if (me != 0) why = "the potential could not be read on rank 0";
    return false;
  }
  text.resize((size_t)len);
  if (len > 0) MPI_Bcast(&text[0], (int)len, MPI_CHAR, 0, world);
  return true;
}

// a pair style's setflag (all 0) and cutsq over types 0..n
inline void allocateTypeArrays(LAMMPS_NS::Memory *memory, int n, int **&setflag, double **&cutsq)
{
  memory->create(setflag, n + 1, n + 1, "pair:setflag");
  for (int i = 0; i <= n; i++) for (int j = 0; j <= n; j++) setflag[i][j] = 0;
  memory->create(cutsq, n + 1, n + 1, "pair:cutsq");
}

// pairs in LAMMPS's half list
inline size_t listPairs(LAMMPS_NS::NeighList *list)
{
  size_t n = 0;
  for (int ii = 0; ii < list->inum; ii++) n += (size_t)list->numneigh[list->ilist[ii]];
  return n;
}

// Positions and kernel types (kernelType[LAMMPS type]) of all nall atoms into the kernel's x and type, and LAMMPS's half
// list as CSR (offs: rows + 1 entries, idx) over the first `rows` atoms (nlocal, or nall with the ghosts' rows empty).
inline void copyAtomsAndList(Z_ectmd_instance_t *k, LAMMPS_NS::Atom *atom, LAMMPS_NS::NeighList *list, const std::vector<int> &kernelType,
                             int rows, u32 x, u32 type, u32 offs, u32 idx)
{
  const int nall = atom->nlocal + atom->nghost;
  double *xk = ectmd_f64(k, x), **ax = atom->x;
  int32_t *tk = ectmd_i32(k, type);
  const int *at = atom->type;
  for (int i = 0; i < nall; i++) {
    xk[3 * i] = ax[i][0]; xk[3 * i + 1] = ax[i][1]; xk[3 * i + 2] = ax[i][2];
    tk[i] = kernelType[at[i]];
  }
  const int inum = list->inum, *ilist = list->ilist, *numneigh = list->numneigh;
  int32_t *o = ectmd_i32(k, offs), *ix = ectmd_i32(k, idx);
  for (int i = 0; i <= rows; i++) o[i] = 0;
  for (int ii = 0; ii < inum; ii++) o[ilist[ii] + 1] = numneigh[ilist[ii]];
  for (int i = 0; i < rows; i++) o[i + 1] += o[i];
  for (int ii = 0; ii < inum; ii++) {
    const int i = ilist[ii], *jl = list->firstneigh[i];
    int32_t *dst = ix + o[i];
    for (int q = 0; q < numneigh[i]; q++) dst[q] = jl[q] & NEIGHMASK;
  }
}

}    // namespace ectmd_glue

#endif
