// lmp_ectmd: Debian's LAMMPS (liblammps.so, 29Sep2021) with the pair styles eam/ectmd, eam/alloy/ectmd and
// eam/fs/ectmd registered at run time (that LAMMPS has no PLUGIN package). Each is LAMMPS's eam, eam/alloy or eam/fs
// with the arithmetic done by ectmd's kernel (the scalar build translated by wasm2c): this file is glue only. It
// copies positions, mapped types and LAMMPS's half neighbour list into the kernel's linear memory and calls the
// kernel's EAM passes (docs/abi.md); between them LAMMPS's own communication sums the ghosts' densities onto their
// owners (reverse) and sends F'(rho) to the ghosts (forward), as pair eam does. The spline tables are the ones ectmd
// builds: pair_coeff names a LAMMPS potential file, which rank 0 converts with ectmd's scripts/kim-model.ts (Node),
// or a parameter file that script wrote (`ectmd-kim-eam 2`), which needs no Node.
//
//   mpirun -np 2 lmp_ectmd -in in.deck     (any lmp command line)
//   pair_style eam/alloy/ectmd             pair_coeff * * CuNi.eam.alloy Cu Ni
//   pair_style eam/fs/ectmd                pair_coeff * * AlFe_mm.eam.fs Al Fe
//   pair_style eam/ectmd                   pair_coeff 1 1 Cu_u3.eam
//
// Requires newton_pair on (LAMMPS's default) and units metal. The kernel's trap state is process-wide: one thread per
// process runs it (LAMMPS's MPI ranks are processes). As in LAMMPS, NULL in pair_coeff leaves a type to other
// styles of `pair_style hybrid` or `hybrid/overlay`: its atoms get kernel type 0, whose tables are zero.

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "atom.h"
#include "comm.h"
#include "error.h"
#include "force.h"
#include "input.h"
#include "lammps.h"
#include "memory.h"
#include "neigh_list.h"
#include "neighbor.h"
#include "pair.h"
#include "update.h"

extern "C" {
#include "ectmd.h"
#include "wasm-rt-impl.h"
}
#include "glue.h"
#include "pair_ect_eam_ectmd.h"

using namespace LAMMPS_NS;

namespace {

enum Style { FUNCFL, SETFL, FS };
const char *const STYLE_NAME[] = { "eam", "eam/alloy", "eam/fs" };

class PairEctmd : public Pair {
 public:
  PairEctmd(LAMMPS *lmp, Style s) : Pair(lmp), style(s)
  {
    restartinfo = 0;
    manybody_flag = 1;
    one_coeff = s != FUNCFL;
    single_enable = 0;
    comm_forward = comm_reverse = 1;
    no_virial_fdotr_compute = 1;    // the kernel computes the virial (sum x (x) f before the ghost fold)
    memset(&tables, 0, sizeof tables);
    memset(&kernel, 0, sizeof kernel);
    std::string why = ectmd_glue::startKernel(&kernel);
    if (!why.empty()) fail(why);
  }

  ~PairEctmd() override
  {
    if (copymode) return;
    if (allocated) {
      memory->destroy(setflag);
      memory->destroy(cutsq);
    }
    memory->destroy(rhoHost);
    memory->destroy(fpHost);
    ectmd_eam_free(&tables);
    Z_ectmd_free(&kernel);
  }

  void settings(int narg, char **) override
  {
    if (narg != 0) fail(std::string("Illegal pair_style ") + STYLE_NAME[style] + "/ectmd command: it takes no arguments");
  }

  void coeff(int narg, char **arg) override
  {
    if (!allocated) allocate();
    const int n = atom->ntypes;
    if (style == FUNCFL) {
      if (narg != 3) fail("Incorrect args for pair coefficients: pair_coeff I J funcfl-file");
      int ilo, ihi, jlo, jhi;
      bounds(arg[0], n, ilo, ihi);
      bounds(arg[1], n, jlo, jhi);
      double mass = funcflMass(arg[2]);
      int count = 0;
      for (int i = ilo; i <= ihi; i++) {
        if (i < jlo || i > jhi) continue;
        typeFile[i] = arg[2];
        setflag[i][i] = 1;
        atom->set_mass(FLERR, i, mass);
        count++;
      }
      if (count == 0) fail("Incorrect args for pair coefficients: eam/ectmd sets I I pairs only");
      tablesFor.clear();    // rebuilt in init_style
      return;
    }
    if (narg != 3 + n) fail("Incorrect args for pair coefficients: pair_coeff * * file element-per-type");
    if (strcmp(arg[0], "*") != 0 || strcmp(arg[1], "*") != 0) fail("Incorrect args for pair coefficients: pair_coeff * * only");
    std::vector<std::string> unique;
    typeElement.assign(n + 1, "");
    for (int t = 1; t <= n; t++) {
      std::string e = arg[2 + t];
      if (e == "NULL") continue;
      typeElement[t] = e;
      bool seen = false;
      for (auto &u : unique) seen = seen || u == e;
      if (!seen) unique.push_back(e);
    }
    if (unique.empty()) fail("Incorrect args for pair coefficients: every type is NULL");
    std::vector<std::string> cmd = { STYLE_NAME[style], arg[2] };
    cmd.insert(cmd.end(), unique.begin(), unique.end());
    loadTables(arg[2], cmd);
    kernelType.assign(n + 1, 0);
    for (int t = 1; t <= n; t++) {
      for (int j = t; j <= n; j++) setflag[t][j] = 0;
      if (typeElement[t].empty()) continue; // NULL: kernel type 0, zero tables, pairs for other styles
      kernelType[t] = elementIndex(typeElement[t]) + 1;
      if (kernelType[t] == 0) fail("element " + typeElement[t] + " is not in " + arg[2]);
      atom->set_mass(FLERR, t, tables.mass[kernelType[t] - 1]);
      for (int j = t; j <= n; j++) setflag[t][j] = !typeElement[j].empty();
    }
  }

  void init_style() override
  {
    if (force->newton_pair == 0) fail(std::string("Pair style ") + STYLE_NAME[style] + "/ectmd requires newton pair on");
    if (strcmp(update->unit_style, "metal") != 0) fail(std::string("Pair style ") + STYLE_NAME[style] + "/ectmd requires units metal");
    const int n = atom->ntypes;
    if (!allocated) fail("All pair coeffs are not set");
    if (style == FUNCFL) {
      std::vector<std::string> files;
      std::vector<int> typeToFile(n + 1, -1);
      for (int t = 1; t <= n; t++) {
        if (typeFile[t].empty()) fail("All pair coeffs are not set (eam/ectmd: pair_coeff I I file for every type)");
        int k = -1;
        for (size_t q = 0; q < files.size(); q++) if (files[q] == typeFile[t]) k = (int)q;
        if (k < 0) { k = (int)files.size(); files.push_back(typeFile[t]); }
        typeToFile[t] = k;
      }
      std::string key;
      for (auto &f : files) key += f + '\n';
      if (key != tablesFor) {
        std::vector<std::string> cmd = { "eam" };
        for (size_t q = 0; q < files.size(); q++) cmd.push_back("F" + std::to_string(q + 1) + "=" + files[q]);
        loadTables(files[0], cmd);
        tablesFor = key;
      }
      kernelType.assign(n + 1, 0);
      for (int t = 1; t <= n; t++) kernelType[t] = typeToFile[t] + 1;
    }
    if (tables.ntypes == 0) fail("All pair coeffs are not set");
    neighbor->request(this, instance_me);
  }

  double init_one(int, int) override { return tables.cutmax; }

  void compute(int eflag, int vflag) override
  {
    ev_init(eflag, vflag);
    const int nlocal = atom->nlocal, nall = nlocal + atom->nghost;
    if (atom->nmax > nmaxHost) {
      memory->destroy(rhoHost);
      memory->destroy(fpHost);
      nmaxHost = atom->nmax;
      memory->create(rhoHost, nmaxHost, "pair:ectmd:rho");
      memory->create(fpHost, nmaxHost, "pair:ectmd:fp");
    }
    const size_t npairs = ectmd_glue::listPairs(list);
    if ((size_t)nall > 0x7ffffffu || npairs > 0x3fffffffu) fail("eam/ectmd: too many atoms or pairs for the wasm32 kernel on one rank");

    Z_ectmd_instance_t *k = &kernel;
    wasm_rt_trap_t trap = (wasm_rt_trap_t)wasm_rt_impl_try();
    if (trap != WASM_RT_TRAP_NONE) {
      pot = 0;
      fail(std::string("the ectmd kernel trapped: ") + wasm_rt_strerror(trap));
    }
    if (pot == 0 || (u32)nall > capAtoms || (u32)nlocal > capLocal || npairs > capPairs) layout((u32)nall, (u32)nlocal, (u32)npairs);

    // positions, kernel types, the half list as CSR in atom order
    ectmd_glue::copyAtomsAndList(k, atom, list, kernelType, nlocal, x, type, offs, idx);

    // density, reverse comm of ghost densities, embedding, forward comm of F', forces (docs/abi.md)
    const int eflagK = eflag_either ? 1 : 0;
    const u32 eatomK = eflag_atom ? eatomBuf : 0, vatomK = vflag_atom ? vatomBuf : 0;
    Z_ectmdZ_zero_f64(k, 0, (u32)nall, rho);
    Z_ectmdZ_zero_f64(k, 0, (u32)nall, fp);
    Z_ectmdZ_zero_f64(k, 0, 3 * (u32)nall, f);
    if (eatomK) Z_ectmdZ_zero_f64(k, 0, (u32)nall, eatomK);
    if (vatomK) Z_ectmdZ_zero_f64(k, 0, 6 * (u32)nall, vatomK);
    Z_ectmdZ_eam_density(k, pot, 0, nlocal, x, type, offs, idx, smask, scratch, rho);
    memcpy(rhoHost, ectmd_f64(k, rho), sizeof(double) * nall);
    comm->reverse_comm_pair(this);
    memcpy(ectmd_f64(k, rho), rhoHost, sizeof(double) * nlocal);
    double energy = Z_ectmdZ_eam_embed(k, pot, 0, nlocal, type, rho, fp, eflagK, eatomK);
    memcpy(fpHost, ectmd_f64(k, fp), sizeof(double) * nlocal);
    comm->forward_comm_pair(this);
    memcpy(ectmd_f64(k, fp) + nlocal, fpHost + nlocal, sizeof(double) * (nall - nlocal));
    energy += Z_ectmdZ_eam_force(k, pot, 0, nlocal, x, type, offs, idx, smask, scratch, fp, f, eflagK, eatomK, vatomK);

    // results: forces on owned and ghost atoms (LAMMPS reverse-communicates the ghosts'), energy, virial, tallies
    const double *fk = ectmd_f64(k, f);
    double **af = atom->f;
    for (int i = 0; i < nall; i++) {
      af[i][0] += fk[3 * i]; af[i][1] += fk[3 * i + 1]; af[i][2] += fk[3 * i + 2];
    }
    if (eflag_global) eng_vdwl += energy;
    if (vflag_global || vflag_fdotr) {
      Z_ectmdZ_zero_f64(k, 0, 6, vir);
      Z_ectmdZ_virial_fdotr(k, 0, (u32)nall, x, f, vir);
      const double *v = ectmd_f64(k, vir);
      for (int c = 0; c < 6; c++) virial[c] += v[c];
    }
    if (eatomK) {
      const double *e = ectmd_f64(k, eatomK);
      for (int i = 0; i < nall; i++) eatom[i] += e[i];
    }
    if (vatomK) {
      const double *v = ectmd_f64(k, vatomK);
      for (int i = 0; i < nall; i++) for (int c = 0; c < 6; c++) vatom[i][c] += v[6 * i + c];
    }
  }

  int pack_forward_comm(int n, int *list_, double *buf, int, int *) override
  {
    for (int i = 0; i < n; i++) buf[i] = fpHost[list_[i]];
    return n;
  }
  void unpack_forward_comm(int n, int first, double *buf) override
  {
    for (int i = 0; i < n; i++) fpHost[first + i] = buf[i];
  }
  int pack_reverse_comm(int n, int first, double *buf) override
  {
    for (int i = 0; i < n; i++) buf[i] = rhoHost[first + i];
    return n;
  }
  void unpack_reverse_comm(int n, int *list_, double *buf) override
  {
    for (int i = 0; i < n; i++) rhoHost[list_[i]] += buf[i];
  }

 private:
  Style style;
  ectmd_eam_tables tables;
  std::vector<std::string> typeFile, typeElement;
  std::string tablesFor;
  std::vector<int> kernelType;
  Z_ectmd_instance_t kernel;
  double *rhoHost = nullptr, *fpHost = nullptr;
  int nmaxHost = 0;
  // kernel buffers (byte offsets, valid until the next layout) and their capacities
  u32 pot = 0, x = 0, type = 0, rho = 0, fp = 0, f = 0, eatomBuf = 0, vatomBuf = 0, vir = 0;
  u32 offs = 0, idx = 0, smask = 0, scratch = 0; // scratch: the EAM passes' 8 KiB
  u32 capAtoms = 0, capLocal = 0;
  size_t capPairs = 0;

  [[noreturn]] void fail(const std::string &msg) { error->all(FLERR, msg); }

  void allocate()
  {
    allocated = 1;
    const int n = atom->ntypes;
    ectmd_glue::allocateTypeArrays(memory, n, setflag, cutsq);
    typeFile.assign(n + 1, "");
  }

  // "*", "N", "N*", "*N", "N*M" over 1..n
  void bounds(const char *s, int n, int &lo, int &hi)
  {
    std::string a(s);
    size_t star = a.find('*');
    auto num = [&](const std::string &t, int dflt) {
      if (t.empty()) return dflt;
      char *end;
      long v = strtol(t.c_str(), &end, 10);
      if (*end != '\0') fail("Incorrect args for pair coefficients: bad type range " + a);
      return (int)v;
    };
    if (star == std::string::npos) lo = hi = num(a, 0);
    else { lo = num(a.substr(0, star), 1); hi = num(a.substr(star + 1), n); }
    if (lo < 1 || hi > n || lo > hi) fail("Incorrect args for pair coefficients: type range " + a + " outside 1.." + std::to_string(n));
  }

  // the mass on line 2 of a funcfl file (atomic number, mass, lattice constant, lattice)
  double funcflMass(const std::string &path)
  {
    double mass = 0;
    if (comm->me == 0) {
      std::string text;
      if (!ectmd_glue::readWholeFile(ectmd_glue::resolvePotential(path), text)) mass = -1;
      else {
        size_t nl = text.find('\n');
        int z;
        if (nl == std::string::npos || sscanf(text.c_str() + nl + 1, "%d %lf", &z, &mass) != 2) mass = -1;
      }
    }
    MPI_Bcast(&mass, 1, MPI_DOUBLE, 0, world);
    if (!(mass > 0)) fail("cannot read the mass from funcfl file " + path);
    return mass;
  }

  // Rank 0 reads an ectmd parameter file, or converts a LAMMPS potential file with ectmd (kim-model.js, args
  // `cmd` with file names resolved); every rank parses the same text.
  void loadTables(const std::string &file, std::vector<std::string> cmd)
  {
    std::string text, why;
    if (comm->me == 0) {
      std::string first;
      if (!ectmd_glue::readWholeFile(ectmd_glue::resolvePotential(file), first)) why = "cannot open " + file;
      else if (first.compare(0, 13, "ectmd-kim-eam") == 0) text = first;
      else {
        for (size_t q = 1; q < cmd.size(); q++) {
          size_t eq = cmd[q].find('=');
          if (cmd[0] != "eam") { if (q == 1) cmd[q] = ectmd_glue::resolvePotential(cmd[q]); }
          else if (eq != std::string::npos) cmd[q] = cmd[q].substr(0, eq + 1) + ectmd_glue::resolvePotential(cmd[q].substr(eq + 1));
        }
        ectmd_glue::runScript("kim-model.js", cmd, text, why);
      }
    }
    if (!ectmd_glue::shareText(world, comm->me, text, why)) fail(std::string(STYLE_NAME[style]) + "/ectmd: " + why);
    FILE *mf = fmemopen(&text[0], text.size(), "r");
    ectmd_eam_free(&tables);
    int ok = ectmd_eam_read(mf, &tables);
    if (mf) fclose(mf);
    if (!ok) fail(std::string(STYLE_NAME[style]) + "/ectmd: malformed ectmd table text for " + file);
    pot = 0;    // lay out the kernel memory again
  }

  int elementIndex(const std::string &e) const
  {
    for (int q = 0; q < tables.nelements; q++) if (e == tables.names[q]) return q;
    return -1;
  }

  static u32 grow(size_t need) { double g = 1.25 * (double)need + 64; return g > 4e9 ? (u32)need : (u32)g; }

  // reset() the kernel, place the potential, then buffers for nall atoms, nlocal owned and npairs pairs
  void layout(u32 nall, u32 nlocal, size_t npairs)
  {
    Z_ectmd_instance_t *k = &kernel;
    Z_ectmdZ_reset(k);
    std::vector<u32> pf(tables.nfrho + 1), pr(tables.nrhor + 1);
    bool ok = ectmd_place_density(k, &tables, pf.data(), pr.data());
    if (ok) ok = (pot = ectmd_place_potential(k, &tables, 1.0, pf.data(), pr.data())) != 0;
    const u32 na = grow(nall), nl = grow(nlocal), np = grow(npairs);
    u32 *bufs[] = { &x, &type, &rho, &fp, &f, &eatomBuf, &vatomBuf, &vir, &offs, &idx, &smask, &scratch };
    size_t sizes[] = { 24 * (size_t)na, 4 * (size_t)na, 8 * (size_t)na, 8 * (size_t)na, 24 * (size_t)na, 8 * (size_t)na,
      48 * (size_t)na, 48, 4 * ((size_t)nl + 1), 4 * (size_t)np, 4 * ((size_t)(np >> 5) + nl + 1), 8192 };
    for (size_t s = 0; ok && s < sizeof sizes / sizeof sizes[0]; s++) ok = (*bufs[s] = ectmd_alloc(k, sizes[s])) != 0;
    if (!ok) { pot = 0; fail("eam/ectmd: the kernel's memory cannot grow (wasm32: 4 GiB per rank)"); }
    capAtoms = na; capLocal = nl; capPairs = np;
  }
};

Pair *makeFuncfl(LAMMPS *lmp) { return new PairEctmd(lmp, FUNCFL); }
Pair *makeSetfl(LAMMPS *lmp) { return new PairEctmd(lmp, SETFL); }
Pair *makeFs(LAMMPS *lmp) { return new PairEctmd(lmp, FS); }

}    // namespace

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  {
    LAMMPS *lmp = new LAMMPS(argc, argv, MPI_COMM_WORLD);
    (*lmp->force->pair_map)["eam/ectmd"] = &makeFuncfl;
    (*lmp->force->pair_map)["eam/alloy/ectmd"] = &makeSetfl;
    (*lmp->force->pair_map)["eam/fs/ectmd"] = &makeFs;
    registerEctEamEctmd(lmp);
    lmp->input->file();
    delete lmp;
  }
  MPI_Finalize();
  return 0;
}
