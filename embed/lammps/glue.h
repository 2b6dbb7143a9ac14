// Shared by the pair styles of lmp_ectmd (lmp_ectmd.cpp: the EAM family; pair_ect_eam_ectmd.cpp: ect/eam/ectmd): the
// kernel's start-up, finding potential files as LAMMPS does, running one of ectmd's Node scripts on rank 0 and handing
// its output to every rank. Glue only. Include after <mpi.h>, "ectmd.h" and "wasm-rt-impl.h".
#ifndef ECTMD_LAMMPS_GLUE_H
#define ECTMD_LAMMPS_GLUE_H

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ectmd_eam.h"

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

}    // namespace ectmd_glue

#endif
