// ect/eam/ectmd: ectmd's ECT-EAM pair style (docs/ect-eam.md) in LAMMPS, on ectmd's kernel (assembly/ect.ts, the scalar
// build translated by wasm2c), with the weight equalisation done across LAMMPS's MPI ranks. Glue only: the energy, its
// weight gradient and the forces are the kernel's passes; this file moves data and runs the solver's control flow.
//
//   pair_style ect/eam/ectmd RC [dsf ALPHA | wolf ALPHA | coulomb] [tol TOL] [maxiter N] [te T]
//   pair_coeff * * AlO.ect Al O          (an ECT-EAM file, converted by ectmd's scripts/ect-image.ts on rank 0, or an
//                                        image that script wrote, `ectmd-ect-image 1`, which needs no Node)
//
// One energy-and-gradient evaluation at weights w (K per atom) runs the kernel's range passes over the owned atoms with
// the ghosts as atoms of their own (the kernel's n = nlocal + nghost, so no ghost→owner map is needed) and LAMMPS's
// communication between them: w forward to the ghosts; ect_density; ghost densities reversed onto their owners;
// ect_embed; q and F̄′ forward; ect_pairs; the ghosts' V and ∂E/∂w reversed; ect_lr_grad; one MPI_Allreduce of the
// energy. The solver is spectral projected gradient (Birgin–Martínez–Raydan, non-monotone line search, BB steps carried
// between steps), or with te > 0 entropic mirror descent on Ω = E + T_e Σ w ln w, the algorithms of ectmd's
// host/equalize/spg.ts and mirror.ts with every sum and maximum over atoms an MPI_Allreduce: the projection onto the
// per-atom simplices cut by the global charge plane (or the mirror step's charge root) costs one scalar sum per
// root-finding step. The KKT residual (eV) decides convergence, so LAMMPS and ectmd reach the same weights to the
// tolerance and the same energy to its square. Forces are at the converged weights (envelope theorem): ect_force on
// owned and ghost atoms, which LAMMPS's reverse communication folds; the virial is LAMMPS's sum of x·f.
//
// Weights persist between steps in a per-atom store that migrates with the atoms (fix ECTMD_ECT_WEIGHTS, created by
// the pair style; its per-atom array, f_ECTMD_ECT_WEIGHTS[1..K], is the state weights in potential-file order). Atoms
// without stored weights (the first step, atoms created later, after read_restart) start from their charge q. The
// converged charges are written to q (atom_style charge). `compute ID all pair ect/eam/ectmd` gives [1] iterations,
// [2] KKT residual (eV), [3] total charge (e), [4] μ (eV/e), [5] energy+gradient evaluations, [6] largest |Δw| since the
// previous solve, [7] T_e Σ w ln w (eV, part of evdwl and pe), as ectmd's compute ect/stats. As in LAMMPS's EAM styles,
// NULL in pair_coeff leaves a type to other styles of pair_style hybrid/overlay: its atoms get kernel type 0 (element
// −1), have no states and no ECT-EAM pairs, and keep their charges.

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "atom.h"
#include "comm.h"
#include "error.h"
#include "fix.h"
#include "force.h"
#include "lammps.h"
#include "memory.h"
#include "modify.h"
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

const char *const FIX_ID = "ECTMD_ECT_WEIGHTS";
const char *const FIX_STYLE = "ECTMD/ECT/WEIGHTS";
// byte offsets in the kernel's ECT-EAM descriptor (assembly/ect.ts, docs/abi.md)
const u32 D_POINTERS = 16, D_NPOINTERS = 6, D_OUT = 80;
// ectmd's host/equalize/entropy.ts ENTROPY_FLOOR and mirror.ts ETA_MAX: the smallest weight kept, the largest mirror
// step in units of 1/T_e; kkt.ts ZERO_WEIGHT and spg.ts NOISE_STEP: a weight SPG's KKT test counts as zero, a weight
// change per slot too small for a Barzilai–Borwein curvature
const double ENTROPY_FLOOR = 1e-300, ETA_MAX = 1e3;
const double ZERO_WEIGHT = 16 * std::numeric_limits<double>::epsilon(), NOISE_STEP = 64 * std::numeric_limits<double>::epsilon();

// The per-atom weights between steps: K weights then a flag (1: valid) per atom, moving with the atoms and written to
// restart files (the pair style re-creates the fix with the same ID after read_restart, which hands it the values).
class FixEctWeights : public Fix {
 public:
  int K;
  double **w = nullptr;
  // the pair's solver state between solves, carried through restart files with the weights: Q_tot, the step length,
  // the last μ (mirror descent's first guess); restored = 1 after read_restart until the pair takes them
  double solver[3] = { 0, 0, 0 };
  int restored = 0;

  FixEctWeights(LAMMPS *lmp, int narg, char **arg) : Fix(lmp, narg, arg)
  {
    if (narg != 4) error->all(FLERR, std::string("Illegal fix ECTMD/ECT/WEIGHTS command (created by pair ect/eam/ectmd)"));
    K = atoi(arg[3]);
    if (K < 1) error->all(FLERR, std::string("Illegal fix ECTMD/ECT/WEIGHTS command: K >= 1"));
    peratom_flag = 1;
    size_peratom_cols = K;
    peratom_freq = 1;
    create_attribute = 1;
    maxexchange = K + 1;
    restart_peratom = 1;
    restart_global = 1;
    grow_arrays(atom->nmax);
    atom->add_callback(Atom::GROW);
    atom->add_callback(Atom::RESTART);
    for (int i = 0; i < atom->nmax; i++) set_arrays(i);
  }
  ~FixEctWeights() override
  {
    atom->delete_callback(id, Atom::GROW);
    atom->delete_callback(id, Atom::RESTART);
    memory->destroy(w);
  }
  int setmask() override { return 0; }
  void grow_arrays(int nmax) override
  {
    memory->grow(w, nmax, K + 1, "ectmd:ect:weights");
    array_atom = w;
  }
  void copy_arrays(int i, int j, int) override { for (int c = 0; c <= K; c++) w[j][c] = w[i][c]; }
  void set_arrays(int i) override { for (int c = 0; c <= K; c++) w[i][c] = 0.0; }
  int pack_exchange(int i, double *buf) override
  {
    for (int c = 0; c <= K; c++) buf[c] = w[i][c];
    return K + 1;
  }
  int unpack_exchange(int i, double *buf) override
  {
    for (int c = 0; c <= K; c++) w[i][c] = buf[c];
    return K + 1;
  }
  void write_restart(FILE *fp) override
  {
    if (comm->me != 0) return;
    int size = (int)sizeof solver;
    fwrite(&size, sizeof(int), 1, fp);
    fwrite(solver, sizeof(double), 3, fp);
  }
  void restart(char *buf) override
  {
    memcpy(solver, buf, sizeof solver);
    restored = 1;
  }
  // restart files: per atom the count K + 2, then the K weights and the flag (LAMMPS's per-atom restart layout)
  int pack_restart(int i, double *buf) override
  {
    buf[0] = K + 2;
    for (int c = 0; c <= K; c++) buf[c + 1] = w[i][c];
    return K + 2;
  }
  void unpack_restart(int nlocal, int nth) override
  {
    double **extra = atom->extra;
    int m = 0;
    for (int k = 0; k < nth; k++) m += static_cast<int>(extra[nlocal][m]);
    m++;
    for (int c = 0; c <= K; c++) w[nlocal][c] = extra[nlocal][m++];
  }
  int size_restart(int) override { return K + 2; }
  int maxsize_restart() override { return K + 2; }
  double memory_usage() override { return (double)atom->nmax * (K + 1) * sizeof(double); }
};

Fix *makeFix(LAMMPS *lmp, int narg, char **arg) { return new FixEctWeights(lmp, narg, arg); }

// `ectmd-ect-image 1` (scripts/ect-image.ts)
struct EctImage {
  std::vector<std::string> names;
  std::vector<double> mass;
  std::vector<std::vector<double>> charges;    // per element, its states' charges in file order
  std::vector<double> qmin, qmax;               // per element, its smallest and largest state charge
  int K = 0;
  double cutoff = 0, rc = 0, alpha = 0;
  std::string mode;
  std::vector<unsigned char> bytes;

  // returns an error message, empty on success
  std::string parse(const std::string &text)
  {
    std::istringstream in(text);
    std::string w, v;
    int n = 0, ns = 0;
    auto expect = [&](const char *key) { in >> w; return (bool)in && w == key; };
    if (!expect("ectmd-ect-image") || !(in >> v) || v != "1") return "not an ectmd-ect-image 1 file";
    if (!expect("elements") || !(in >> n) || n < 1 || n > 64) return "bad 'elements' line";
    names.resize(n);
    for (auto &s : names) in >> s;
    if (!expect("masses") || !(in >> ns) || ns != n) return "bad 'masses' line";
    mass.resize(n);
    for (auto &m : mass) in >> m;
    if (!expect("states") || !(in >> ns) || ns != n) return "bad 'states' line";
    std::vector<int> count(n);
    int total = 0;
    for (auto &c : count) { in >> c; total += c; }
    if (!expect("charges") || !(in >> ns) || ns != total) return "bad 'charges' line";
    charges.assign(n, {});
    for (int e = 0; e < n; e++) {
      if (count[e] < 1) return "an element without states";
      charges[e].resize(count[e]);
      for (auto &q : charges[e]) in >> q;
      qmin.push_back(*std::min_element(charges[e].begin(), charges[e].end()));
      qmax.push_back(*std::max_element(charges[e].begin(), charges[e].end()));
    }
    if (!expect("stride") || !(in >> K) || K < 2 || K % 2) return "bad 'stride' line";
    for (auto c : count) if (c > K) return "more states than the stride";
    if (!expect("cutoff") || !(in >> cutoff) || !(cutoff > 0)) return "bad 'cutoff' line";
    if (!expect("longrange") || !(in >> rc >> mode >> alpha)) return "bad 'longrange' line";
    long nb = 0;
    if (!expect("bytes") || !(in >> nb) || nb < 120 || nb > (1L << 30)) return "bad 'bytes' line";
    bytes.clear();
    bytes.reserve((size_t)nb);
    while ((long)bytes.size() < nb && (in >> w)) {
      if (w.size() % 2) return "odd hexadecimal line";
      for (size_t c = 0; c < w.size(); c += 2) bytes.push_back((unsigned char)strtoul(w.substr(c, 2).c_str(), nullptr, 16));
    }
    if ((long)bytes.size() != nb) return "the image has " + std::to_string(bytes.size()) + " bytes, not " + std::to_string(nb);
    return "";
  }
};

enum CommMode { COMM_W, COMM_QFP, COMM_RHO, COMM_VG };

class PairEctEamEctmd : public Pair {
 public:
  explicit PairEctEamEctmd(LAMMPS *lmp) : Pair(lmp)
  {
    restartinfo = 0;
    manybody_flag = 1;
    one_coeff = 1;
    single_enable = 0;
    nextra = 7;
    pvector = new double[nextra];
    for (int c = 0; c < nextra; c++) pvector[c] = 0.0;
    memset(&kernel, 0, sizeof kernel);
    std::string why = ectmd_glue::startKernel(&kernel);
    if (!why.empty()) fail(why);
  }

  ~PairEctEamEctmd() override
  {
    if (copymode) return;
    delete[] pvector;
    if (allocated) {
      memory->destroy(setflag);
      memory->destroy(cutsq);
    }
    if (fix && modify->nfix) modify->delete_fix(FIX_ID);
    Z_ectmd_free(&kernel);
  }

  void settings(int narg, char **arg) override
  {
    const std::string usage = "pair_style ect/eam/ectmd RC [dsf ALPHA | wolf ALPHA | coulomb] [tol TOL] [maxiter N] [te T]";
    if (narg < 1) fail("Illegal pair_style ect/eam/ectmd command: expected " + usage);
    rc = number(arg[0], "cutoff RC");
    if (!(rc > 0)) fail(std::string("Illegal pair_style ect/eam/ectmd command: expected a positive cutoff RC, found ") + arg[0]);
    mode = "dsf";
    alpha = 0.2;
    tolerance = 1e-8;
    maxIterations = 1000;
    te = 0;
    for (int k = 1; k < narg;) {
      std::string key = arg[k];
      auto value = [&](const char *what) {
        if (k + 1 >= narg) fail("Illegal pair_style ect/eam/ectmd command: " + key + " needs " + what);
        return arg[k + 1];
      };
      if (key == "dsf" || key == "wolf") {
        mode = key;
        alpha = number(value("ALPHA"), "ALPHA");
        if (!(alpha >= 0)) fail("Illegal pair_style ect/eam/ectmd command: ALPHA >= 0");
        k += 2;
      } else if (key == "coulomb") {
        mode = key;
        alpha = 0;
        k += 1;
      } else if (key == "tol") {
        tolerance = number(value("TOL"), "tol");
        if (!(tolerance > 0)) fail("Illegal pair_style ect/eam/ectmd command: tol > 0");
        k += 2;
      } else if (key == "maxiter") {
        maxIterations = (int)number(value("N"), "maxiter");
        if (maxIterations < 1) fail("Illegal pair_style ect/eam/ectmd command: maxiter >= 1");
        k += 2;
      } else if (key == "te") {
        te = number(value("T"), "te T");
        if (!(te >= 0)) fail("Illegal pair_style ect/eam/ectmd command: te T >= 0 (eV)");
        k += 2;
      } else {
        fail("Illegal pair_style ect/eam/ectmd command: expected one of dsf ALPHA, wolf ALPHA, coulomb, tol TOL, maxiter N, te T, found " + key);
      }
    }
    image.bytes.clear();    // pair_coeff again
  }

  void coeff(int narg, char **arg) override
  {
    const int n = atom->ntypes;
    if (narg != 3 + n || strcmp(arg[0], "*") != 0 || strcmp(arg[1], "*") != 0)
      fail("Incorrect args for pair coefficients: expected '* * FILE.ect' and " + std::to_string(n) + " element names (one per type)");
    if (!allocated) allocate();
    std::vector<std::string> unique;
    typeElement.assign(n + 1, "");
    for (int t = 1; t <= n; t++) {
      std::string e = arg[2 + t];
      if (e == "NULL") continue;    // another sub-style's type
      typeElement[t] = e;
      if (std::find(unique.begin(), unique.end(), e) == unique.end()) unique.push_back(e);
    }
    if (unique.empty()) fail("Incorrect args for pair coefficients: every type is NULL");
    loadImage(arg[2], unique);
    kernelType.assign(n + 1, 0);
    typeStates.assign(n + 1, 0);
    for (int t = 1; t <= n; t++) {
      for (int j = t; j <= n; j++) setflag[t][j] = 0;
      if (typeElement[t].empty()) continue;    // NULL: kernel type 0, no states
      int e = (int)(std::find(image.names.begin(), image.names.end(), typeElement[t]) - image.names.begin());
      kernelType[t] = e + 1;
      typeStates[t] = (int)image.charges[e].size();
      atom->set_mass(FLERR, t, image.mass[e]);
      for (int j = t; j <= n; j++) setflag[t][j] = !typeElement[j].empty();
    }
    pot = 0;    // lay out the kernel memory again
    qtotSet = false;
  }

  void init_style() override
  {
    if (force->newton_pair == 0) fail("Pair style ect/eam/ectmd requires newton pair on");
    if (strcmp(update->unit_style, "metal") != 0) fail("Pair style ect/eam/ectmd requires units metal");
    if (!atom->q_flag) fail("Pair style ect/eam/ectmd requires atom attribute q (atom_style charge)");
    if (!allocated || image.bytes.empty()) fail("All pair coeffs are not set");
    K = image.K;
    comm_forward = std::max(K, 2);
    comm_reverse = K + 1;
    int ifix = modify->find_fix(FIX_ID);
    if (ifix >= 0 && ((FixEctWeights *)modify->fix[ifix])->K != K) {
      modify->delete_fix(FIX_ID);
      ifix = -1;
    }
    if (ifix < 0) modify->add_fix(std::string(FIX_ID) + " all " + FIX_STYLE + " " + std::to_string(K));
    fix = (FixEctWeights *)modify->fix[modify->find_fix(FIX_ID)];
    neighbor->request(this, instance_me);
  }

  double init_one(int, int) override { return image.cutoff; }

  void compute(int eflag, int vflag) override
  {
    ev_init(eflag, vflag);
    nlocal = atom->nlocal;
    nall = nlocal + atom->nghost;
    const size_t npairs = ectmd_glue::listPairs(list);
    if ((size_t)nall * (size_t)K > 0x3ffffffu || npairs > 0x3fffffffu) fail("ect/eam/ectmd: too many atoms or pairs for the wasm32 kernel on one rank");
    Z_ectmd_instance_t *k = &kernel;
    wasm_rt_trap_t trap = (wasm_rt_trap_t)wasm_rt_impl_try();
    if (trap != WASM_RT_TRAP_NONE) {
      pot = 0;
      fail(std::string("the ectmd kernel trapped: ") + wasm_rt_strerror(trap));
    }
    if (pot == 0 || (u32)nall > capAtoms || npairs > capPairs) layout((u32)nall, npairs);

    // positions, kernel types, the half list as CSR over all nall atoms (the ghosts' rows empty)
    ectmd_glue::copyAtomsAndList(k, atom, list, kernelType, nall, b.x, b.type, b.offs, b.idx);
    // short lists inside the owned atoms' rows: short pairs up to send[i], long-range-only pairs from soffs[i]
    int32_t got = (int32_t)Z_ectmdZ_ect_gather(k, pot, 0, (u32)nlocal, b.x, b.type, b.offs, b.idx, b.send, b.soffs, b.sidx, b.r, b.v, b.dv, pot + D_OUT);
    if (got < 0) tooClose(-got - 1);

    solve();

    // per-atom energies need one more evaluation (the solver's last one had none)
    if (eflag_atom) {
      Z_ectmdZ_zero_f64(k, 0, (u32)nall, b.eatom);
      setWeights(wNow.data());
      evaluate(false, true);
      const double *e = ectmd_f64(k, b.eatom);
      for (int i = 0; i < nall; i++) eatom[i] += e[i];
      for (int i = 0; i < nlocal; i++) eatom[i] += entropyOf(wNow.data(), i);
    }
    // converged charges into q
    const double *qk = ectmd_f64(k, b.q);
    for (int i = 0; i < nlocal; i++) if (states(i) > 0) atom->q[i] = qk[i];

    // forces at the converged weights (w, F̄′ and q of owned and ghost atoms from the last evaluation)
    Z_ectmdZ_zero_f64(k, 0, 3 * (u32)nall, b.f);
    if (vflag_atom) Z_ectmdZ_zero_f64(k, 0, 6 * (u32)nall, b.vatom);
    Z_ectmdZ_ect_force(k, pot, 0, (u32)nlocal, (u32)nall, b.x, b.type, 0, b.offs, b.send, b.soffs, b.sidx, b.r, b.dv, b.w, b.fp, b.q,
      b.f, vflag_atom ? b.vatom : 0, b.scratch);
    const double *fk = ectmd_f64(k, b.f);
    double **af = atom->f;
    for (int i = 0; i < nall; i++) {
      af[i][0] += fk[3 * i]; af[i][1] += fk[3 * i + 1]; af[i][2] += fk[3 * i + 2];
    }
    if (vflag_atom) {
      const double *v = ectmd_f64(k, b.vatom);
      for (int i = 0; i < nall; i++) for (int c = 0; c < 6; c++) vatom[i][c] += v[6 * i + c];
    }
    // this rank's E_embed + E_rep and E_sr + E_lr (LAMMPS sums the ranks)
    const double *parts = ectmd_f64(k, pot + D_OUT);
    if (eflag_global) {
      eng_vdwl += parts[0] + parts[1] + entropic();
      eng_coul += parts[2] + parts[3];
    }
    if (vflag_fdotr) virial_fdotr_compute();
  }

  int pack_forward_comm(int n, int *list_, double *buf, int, int *) override
  {
    int m = 0;
    if (commMode == COMM_W) {
      const double *w = ectmd_f64(&kernel, b.w);
      for (int i = 0; i < n; i++) for (int c = 0; c < K; c++) buf[m++] = w[(size_t)list_[i] * K + c];
    } else {
      const double *q = ectmd_f64(&kernel, b.q), *fp = ectmd_f64(&kernel, b.fp);
      for (int i = 0; i < n; i++) { buf[m++] = q[list_[i]]; buf[m++] = fp[list_[i]]; }
    }
    return m;
  }
  void unpack_forward_comm(int n, int first, double *buf) override
  {
    int m = 0;
    if (commMode == COMM_W) {
      double *w = ectmd_f64(&kernel, b.w);
      for (int i = first; i < first + n; i++) for (int c = 0; c < K; c++) w[(size_t)i * K + c] = buf[m++];
    } else {
      double *q = ectmd_f64(&kernel, b.q), *fp = ectmd_f64(&kernel, b.fp);
      for (int i = first; i < first + n; i++) { q[i] = buf[m++]; fp[i] = buf[m++]; }
    }
  }
  int pack_reverse_comm(int n, int first, double *buf) override
  {
    int m = 0;
    if (commMode == COMM_RHO) {
      const double *rho = ectmd_f64(&kernel, b.rho);
      for (int i = first; i < first + n; i++) buf[m++] = rho[i];
    } else {
      const double *V = ectmd_f64(&kernel, b.V), *g = ectmd_f64(&kernel, b.g);
      for (int i = first; i < first + n; i++) {
        buf[m++] = V[i];
        for (int c = 0; c < K; c++) buf[m++] = g[(size_t)i * K + c];
      }
    }
    return m;
  }
  void unpack_reverse_comm(int n, int *list_, double *buf) override
  {
    int m = 0;
    if (commMode == COMM_RHO) {
      double *rho = ectmd_f64(&kernel, b.rho);
      for (int i = 0; i < n; i++) rho[list_[i]] += buf[m++];
    } else {
      double *V = ectmd_f64(&kernel, b.V), *g = ectmd_f64(&kernel, b.g);
      for (int i = 0; i < n; i++) {
        V[list_[i]] += buf[m++];
        for (int c = 0; c < K; c++) g[(size_t)list_[i] * K + c] += buf[m++];
      }
    }
  }

  double memory_usage() override { return Z_ectmdZ_memory(&kernel)->size; }

 private:
  Z_ectmd_instance_t kernel;
  EctImage image;
  double rc = 0, alpha = 0.2, tolerance = 1e-8;
  std::string mode = "dsf";
  int maxIterations = 1000, K = 0, nlocal = 0, nall = 0;
  std::vector<std::string> typeElement;
  std::vector<int> kernelType, typeStates;
  FixEctWeights *fix = nullptr;
  CommMode commMode = COMM_W;
  // the total charge the solver holds (Σq when the weights were first set up), the BB step carried between solves
  double qtot = 0, step = 0, te = 0, muGuess = 0;
  // state slots of all ranks' ECT-EAM atoms in the current solve
  double slots = 0;
  bool qtotSet = false;
  // kernel buffers (byte offsets, valid until the next layout) and their capacities
  struct { u32 x, type, offs, idx, soffs, send, sidx, r, v, dv, rho, fp, q, V, w, g, f, eatom, vatom, scratch; } b = {};
  u32 pot = 0, capAtoms = 0;
  size_t capPairs = 0;
  // solver arrays over the owned atoms' K slots (slots beyond an atom's states stay 0)
  std::vector<double> wNow, gNow, gNew, trial, dir, yv, shifted, before;

  [[noreturn]] void fail(const std::string &msg) { error->all(FLERR, msg); }

  double number(const char *s, const char *what)
  {
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !std::isfinite(v)) fail(std::string("Illegal pair_style ect/eam/ectmd command: expected a number for ") + what + ", found " + s);
    return v;
  }

  void allocate()
  {
    allocated = 1;
    ectmd_glue::allocateTypeArrays(memory, atom->ntypes, setflag, cutsq);
  }

  // Rank 0 reads an image file or converts an ECT-EAM file with ectmd (ect-image.js); every rank parses the same text.
  void loadImage(const std::string &file, const std::vector<std::string> &elements)
  {
    std::string text, why;
    if (comm->me == 0) {
      std::string path = ectmd_glue::resolvePotential(file), first;
      FILE *f = fopen(path.c_str(), "rb");
      char head[16] = {0};
      if (f) { size_t got = fread(head, 1, 15, f); head[got] = 0; fclose(f); }
      if (strncmp(head, "ectmd-ect-image", 15) == 0) {
        if (!ectmd_glue::readWholeFile(path, text)) why = "cannot read " + file;
      } else {
        char num[64];
        std::vector<std::string> args;
        snprintf(num, sizeof num, "%.17g", rc);
        args.push_back(num);
        args.push_back(mode);
        if (mode != "coulomb") { snprintf(num, sizeof num, "%.17g", alpha); args.push_back(num); }
        args.push_back("--");
        args.push_back(path);
        args.insert(args.end(), elements.begin(), elements.end());
        ectmd_glue::runScript("ect-image.js", args, text, why);
      }
    }
    if (!ectmd_glue::shareText(world, comm->me, text, why)) fail("ect/eam/ectmd: " + why);
    EctImage got;
    why = got.parse(text);
    if (!why.empty()) fail("ect/eam/ectmd: malformed ECT-EAM image for " + file + ": " + why);
    if (got.rc != rc || got.mode != mode || (mode != "coulomb" && got.alpha != alpha)) {
      char want[160];
      snprintf(want, sizeof want, "%.17g %s %.17g (image) vs %.17g %s %.17g (pair_style)", got.rc, got.mode.c_str(), got.alpha, rc, mode.c_str(), alpha);
      fail("ect/eam/ectmd: " + file + " was written for another long range: RC MODE ALPHA " + want + "; write it again with scripts/ect-image.ts");
    }
    for (auto &e : elements) {
      if (std::find(got.names.begin(), got.names.end(), e) == got.names.end()) fail("ect/eam/ectmd: element " + e + " is not in " + file);
    }
    image = got;
  }

  static u32 grow(size_t need) { double g = 1.25 * (double)need + 64; return g > 4e9 ? (u32)need : (u32)g; }

  // reset() the kernel, place the descriptor image (pointers relocated), then buffers for nall atoms and npairs pairs
  void layout(u32 nallNeed, size_t npairs)
  {
    Z_ectmd_instance_t *k = &kernel;
    Z_ectmdZ_reset(k);
    pot = ectmd_alloc(k, image.bytes.size());
    bool ok = pot != 0;
    if (ok) {
      memcpy(ectmd_mem(k) + pot, image.bytes.data(), image.bytes.size());
      int32_t *ptr = ectmd_i32(k, pot + D_POINTERS);
      for (u32 p = 0; p < D_NPOINTERS; p++) ptr[p] += (int32_t)pot;
    }
    const size_t na = grow(nallNeed), np = grow(npairs), kk = (size_t)K;
    u32 *bufs[] = { &b.x, &b.type, &b.offs, &b.idx, &b.soffs, &b.send, &b.sidx, &b.r, &b.v, &b.dv, &b.rho, &b.fp, &b.q, &b.V,
      &b.w, &b.g, &b.f, &b.eatom, &b.vatom, &b.scratch };
    size_t sizes[] = { 24 * na, 4 * na, 4 * (na + 1), 4 * np, 4 * (na + 1), 4 * (na + 1), 4 * np, 8 * np, 8 * np, 8 * np,
      8 * na, 8 * na, 8 * na, 8 * na, 8 * na * kk, 8 * na * kk, 24 * na, 8 * na, 48 * na, 8 * (2 * kk + kk * kk) };
    for (size_t s = 0; ok && s < sizeof sizes / sizeof sizes[0]; s++) ok = (*bufs[s] = ectmd_alloc(k, sizes[s])) != 0;
    if (!ok) { pot = 0; fail("ect/eam/ectmd: the kernel's memory cannot grow (wasm32: 4 GiB per rank)"); }
    Z_ectmdZ_zero_f64(k, 0, (u32)(na * kk), b.w);
    Z_ectmdZ_zero_f64(k, 0, (u32)(na * kk), b.g);
    capAtoms = (u32)na;
    capPairs = np;
  }

  // skin-list entry kk is closer than the tables' first point: name the atoms
  [[noreturn]] void tooClose(int kk)
  {
    const int32_t *o = ectmd_i32(&kernel, b.offs), *ix = ectmd_i32(&kernel, b.idx);
    int i = 0;
    while (o[i + 1] <= kk) i++;
    const int j = ix[kk];
    double **x = atom->x;
    const double r = sqrt((x[i][0] - x[j][0]) * (x[i][0] - x[j][0]) + (x[i][1] - x[j][1]) * (x[i][1] - x[j][1]) + (x[i][2] - x[j][2]) * (x[i][2] - x[j][2]));
    char msg[256];
    snprintf(msg, sizeof msg, "ect/eam/ectmd: atoms " TAGINT_FORMAT " and " TAGINT_FORMAT " are %.4f Angstrom apart, closer than where the ECT-EAM tables start",
      atom->tag[i], atom->tag[j], r);
    error->one(FLERR, std::string(msg));
  }

  int states(int i) const { return typeStates[atom->type[i]]; }
  const std::vector<double> &stateCharges(int i) const
  {
    static const std::vector<double> none;    // an atom of a NULL type
    const int k = kernelType[atom->type[i]];
    return k > 0 ? image.charges[k - 1] : none;
  }

  double sum(double v) { double s; MPI_Allreduce(&v, &s, 1, MPI_DOUBLE, MPI_SUM, world); return s; }
  double maximum(double v) { double s; MPI_Allreduce(&v, &s, 1, MPI_DOUBLE, MPI_MAX, world); return s; }

  // ectmd's startWeights: the state of charge q, else a mixture of the two states bracketing q (first state of a
  // charge in file order), q outside the states' range the nearest end
  static void startWeights(const std::vector<double> &charges, double q, double *w)
  {
    std::vector<double> sorted(charges);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    auto first = [&](double c) { return (int)(std::find(charges.begin(), charges.end(), c) - charges.begin()); };
    if (q <= sorted.front()) { w[first(sorted.front())] = 1; return; }
    if (q >= sorted.back()) { w[first(sorted.back())] = 1; return; }
    size_t k = 0;
    while (sorted[k] < q) k++;
    if (sorted[k] == q) { w[first(q)] = 1; return; }
    const double lo = sorted[k - 1], hi = sorted[k], t = (q - lo) / (hi - lo);
    w[first(lo)] = 1 - t;
    w[first(hi)] = t;
  }

  // copy owned atoms' weights (K slots each) into the kernel
  void setWeights(const double *w) { memcpy(ectmd_f64(&kernel, b.w), w, sizeof(double) * (size_t)nlocal * K); }

  // this rank's part of E(w) at the kernel's weights of the owned atoms, ∂E/∂w of the owned atoms into the kernel's g
  // when grad, this rank's per-atom energies into the kernel's eatom when eatomOn
  double evaluate(bool grad, bool eatomOn)
  {
    Z_ectmd_instance_t *k = &kernel;
    const u32 n = (u32)nlocal, na = (u32)nall, kk = (u32)K;
    const u32 out = pot + D_OUT, g = grad ? b.g : 0, ea = eatomOn ? b.eatom : 0;
    commMode = COMM_W;
    comm->forward_comm_pair(this);
    Z_ectmdZ_zero_f64(k, 0, na, b.rho);
    Z_ectmdZ_ect_density(k, pot, 0, n, na, b.type, 0, b.offs, b.send, b.sidx, b.r, b.w, b.rho, b.scratch);
    commMode = COMM_RHO;
    comm->reverse_comm_pair(this);
    if (grad) Z_ectmdZ_zero_f64(k, 0, na * kk, b.g);
    Z_ectmdZ_ect_embed(k, pot, 0, n, b.type, b.rho, b.w, g, b.fp, b.q, b.V, ea, out);
    commMode = COMM_QFP;
    comm->forward_comm_pair(this);
    Z_ectmdZ_zero_f64(k, n, na, b.V);
    Z_ectmdZ_ect_pairs(k, pot, 0, n, na, b.type, 0, b.offs, b.send, b.soffs, b.sidx, b.r, b.v, b.w, g, b.fp, b.q, b.V, ea, b.scratch, out);
    commMode = COMM_VG;
    comm->reverse_comm_pair(this);
    if (grad) Z_ectmdZ_ect_lr_grad(k, pot, 0, n, b.type, b.V, b.g);
    const double *p = ectmd_f64(k, out);
    return p[0] + p[1] + p[2] + p[3];
  }

  static double logWeight(double w) { return log(w > ENTROPY_FLOOR ? w : ENTROPY_FLOOR); }

  // T_e Σ_M w_iM ln w_iM of owned atom i (eV)
  double entropyOf(const double *w, int i) const
  {
    double total = 0;
    for (int s = 0; s < states(i); s++) if (w[(size_t)i * K + s] > 0) total += w[(size_t)i * K + s] * log(w[(size_t)i * K + s]);
    return te * total;
  }

  // the objective Ω(w) = E(w) + T_e Σ w ln w (global), its gradient into g
  double objective(const double *w, double *g)
  {
    setWeights(w);
    double e = evaluate(true, false);
    memcpy(g, ectmd_f64(&kernel, b.g), sizeof(double) * (size_t)nlocal * K);
    if (te > 0) {
      for (int i = 0; i < nlocal; i++) {
        e += entropyOf(w, i);
        for (int s = 0; s < states(i); s++) g[(size_t)i * K + s] += te * (1 + logWeight(w[(size_t)i * K + s]));
      }
    }
    return sum(e);
  }

  // Euclidean projection of u[0..k) onto the probability simplex into out (Duchi et al. 2008)
  static void projectSimplex(const double *u, int k, double *out)
  {
    if (k == 1) { out[0] = 1; return; }
    double s[64];
    for (int a = 0; a < k; a++) {
      int c = a - 1;
      while (c >= 0 && s[c] < u[a]) { s[c + 1] = s[c]; c--; }
      s[c + 1] = u[a];
    }
    double total = 0, theta = 0;
    for (int r = 0; r < k; r++) {
      total += s[r];
      const double t = (total - 1) / (r + 1);
      if (s[r] > t) theta = t;
    }
    for (int a = 0; a < k; a++) out[a] = std::max(u[a] - theta, 0.0);
  }

  // h(ν) = Σ q·P_Δ(y + ν q) − Q_tot over all ranks, the projected weights in out
  double chargeResidual(const double *y, double nu, double *out)
  {
    double total = 0;
    for (int i = 0; i < nlocal; i++) {
      const std::vector<double> &q = stateCharges(i);
      const int ki = states(i);
      double *u = &shifted[(size_t)i * K];
      for (int s = 0; s < ki; s++) u[s] = y[(size_t)i * K + s] + nu * q[s];
      projectSimplex(u, ki, out + (size_t)i * K);
      for (int s = 0; s < ki; s++) total += out[(size_t)i * K + s] * q[s];
    }
    return sum(total) - qtot;
  }

  // out = Π(y) onto the simplices cut by the charge plane; returns ν (bracketing, then Illinois false position)
  double project(const double *y, double *out, double tol)
  {
    double a = 0, ha = chargeResidual(y, a, out);
    if (fabs(ha) <= tol) return a;
    double stepNu = 1, bb = ha < 0 ? stepNu : -stepNu, hb = chargeResidual(y, bb, out);
    while ((hb > 0) == (ha > 0) && fabs(hb) > tol) {
      a = bb; ha = hb;
      stepNu *= 2;
      if (stepNu > 1e300) fail("ect/eam/ectmd: the weight projection could not bracket the charge constraint");
      bb = ha < 0 ? a + stepNu : a - stepNu;
      hb = chargeResidual(y, bb, out);
    }
    if (fabs(hb) <= tol) return bb;
    for (int it = 0; it < 200; it++) {
      double c = bb - hb * (bb - a) / (hb - ha);
      if (!(c > std::min(a, bb) && c < std::max(a, bb))) c = 0.5 * (a + bb);
      const double hc = chargeResidual(y, c, out);
      if (fabs(hc) <= tol) return c;
      if ((hc > 0) != (hb > 0)) { a = bb; ha = hb; } else ha *= 0.5;
      bb = c; hb = hc;
      if (fabs(bb - a) <= 4 * std::numeric_limits<double>::epsilon() * std::max(fabs(a), fabs(bb))) return c;
    }
    fail("ect/eam/ectmd: the weight projection's root finding did not converge in 200 steps");
  }

  // worst violation of the KKT conditions (physics.md §4.3) over all ranks (eV), states with w > floor active (SPG:
  // ZERO_WEIGHT, the rounding residue of a projection; mirror descent: 0)
  double kkt(const double *w, const double *g, double mu, double floor)
  {
    double worst = 0;
    for (int i = 0; i < nlocal; i++) {
      const std::vector<double> &q = stateCharges(i);
      const int ki = states(i);
      const double *wi = w + (size_t)i * K, *gi = g + (size_t)i * K;
      double total = 0;
      int count = 0;
      for (int s = 0; s < ki; s++) if (wi[s] > floor) { total += gi[s] - mu * q[s]; count++; }
      const double lambda = total / count;
      for (int s = 0; s < ki; s++) {
        const double r = gi[s] - mu * q[s] - lambda;
        worst = std::max(worst, wi[s] > floor ? fabs(r) : std::max(0.0, -r));
      }
    }
    return maximum(worst);
  }

  // Mirror descent (te > 0, ectmd's host/equalize/mirror.ts): out = w·exp(−η g + ν q) renormalised per atom from the
  // logits ln w − η g, weights below the floor 0; returns the global Σq(out) − Q_tot
  double mirrorCharge(double nu, double *out)
  {
    double total = 0;
    for (int i = 0; i < nlocal; i++) {
      const std::vector<double> &q = stateCharges(i);
      const int ki = states(i);
      const double *a = &shifted[(size_t)i * K];
      double *o = out + (size_t)i * K, top = -INFINITY, z = 0;
      for (int s = 0; s < ki; s++) top = std::max(top, a[s] + nu * q[s]);
      for (int s = 0; s < ki; s++) { o[s] = exp(a[s] + nu * q[s] - top); z += o[s]; }
      for (int s = 0; s < ki; s++) {
        const double v = o[s] / z;
        o[s] = v < ENTROPY_FLOOR ? 0 : v;
        total += o[s] * q[s];
      }
    }
    return sum(total) - qtot;
  }

  // d/dν of the total charge at out (Σ_i Var_i(q)), global
  double mirrorSlope(const double *out)
  {
    double v = 0;
    for (int i = 0; i < nlocal; i++) {
      const std::vector<double> &q = stateCharges(i);
      double m1 = 0, m2 = 0;
      for (int s = 0; s < states(i); s++) { m1 += out[(size_t)i * K + s] * q[s]; m2 += out[(size_t)i * K + s] * q[s] * q[s]; }
      v += m2 - m1 * m1;
    }
    return sum(v);
  }

  // out_s ← out_s (1 + δ (q_s − q̄_i)), the first-order effect of ν → ν + δ; returns the global Σq(out) − Q_tot
  double mirrorCorrect(double delta, double *out)
  {
    double total = 0;
    for (int i = 0; i < nlocal; i++) {
      const std::vector<double> &q = stateCharges(i);
      double *o = out + (size_t)i * K, mean = 0;
      for (int s = 0; s < states(i); s++) mean += o[s] * q[s];
      for (int s = 0; s < states(i); s++) { o[s] *= 1 + delta * (q[s] - mean); total += o[s] * q[s]; }
    }
    return sum(total) - qtot;
  }

  // the mirror step of length eta from w (gradient g) into out; returns ν (Newton on the charge, bracketed)
  double mirrorStep(const double *w, const double *g, double eta, double *out, double tol)
  {
    for (size_t s = 0; s < shifted.size(); s++) shifted[s] = logWeight(w[s]) - eta * g[s];
    double nu = muGuess * eta, h = mirrorCharge(nu, out), lo = -INFINITY, hi = INFINITY;
    for (int steps = 1; steps < 200 && fabs(h) > tol; steps++) {
      if (h < 0) lo = nu; else hi = nu;
      const double d = mirrorSlope(out), cap = std::max(10.0, fabs(nu));
      double next = d > 0 ? nu - std::max(-cap, std::min(cap, h / d)) : NAN;
      if (!(next > lo && next < hi)) {
        if (std::isfinite(lo) && std::isfinite(hi)) next = 0.5 * (lo + hi);
        else next = std::isfinite(lo) ? lo + std::max(10.0, fabs(lo)) : hi - std::max(10.0, fabs(hi));
      }
      if (std::isfinite(lo) && std::isfinite(hi) && hi - lo <= 4 * std::numeric_limits<double>::epsilon() * std::max(fabs(lo), fabs(hi))) break;
      nu = next;
      h = mirrorCharge(nu, out);
    }
    for (int fix = 0; fix < 3 && fabs(h) > tol; fix++) {
      const double d = mirrorSlope(out);
      if (!(d > 0)) break;
      h = mirrorCorrect(-h / d, out);
    }
    if (fabs(h) > tol) fail("ect/eam/ectmd: the mirror step could not meet the charge constraint");
    return nu;
  }

  [[noreturn]] void notConverged(double residual, int it)
  {
    char msg[300];
    snprintf(msg, sizeof msg, "ect/eam/ectmd: weight equalisation did not converge: KKT residual %.3e eV after %d iterations (tolerance %g eV; pair_style ... tol TOL maxiter N)", residual, it, tolerance);
    fail(msg);
  }

  // SPG from wNow (feasible, gNow its gradient, energy its objective); returns iterations, sets mu, residual, evaluations
  int spg(double energy, double tol, double &mu, double &residual, int &evaluations)
  {
    const size_t m = wNow.size();
    std::vector<double> history(1, energy);
    double gmax = 0;
    for (double v : gNow) gmax = std::max(gmax, fabs(v));
    double t = step > 0 ? step : 1 / std::max(1e-12, maximum(gmax));
    for (int it = 0;; it++) {
      for (size_t s = 0; s < m; s++) yv[s] = wNow[s] - t * gNow[s];
      mu = project(yv.data(), trial.data(), tol) / t;
      residual = kkt(wNow.data(), gNow.data(), mu, ZERO_WEIGHT);
      if (residual <= tolerance) { step = t; return it; }
      if (it >= maxIterations) notConverged(residual, it);
      double gd = 0;
      for (size_t s = 0; s < m; s++) { dir[s] = trial[s] - wNow[s]; gd += gNow[s] * dir[s]; }
      gd = sum(gd);
      const double reference = *std::max_element(history.begin(), history.end());
      double lambda = 1, eTrial = 0;
      for (;;) {
        for (size_t s = 0; s < m; s++) trial[s] = wNow[s] + lambda * dir[s];
        eTrial = objective(trial.data(), gNew.data());
        evaluations++;
        if (eTrial <= reference + 1e-4 * lambda * gd) break;
        lambda *= 0.5;
        if (lambda < 1e-20) fail("ect/eam/ectmd: the weight equalisation's line search failed");
      }
      double local[2] = { 0, 0 }, all[2];
      for (size_t s = 0; s < m; s++) {
        const double sv = trial[s] - wNow[s], yd = gNew[s] - gNow[s];
        local[0] += sv * sv; local[1] += sv * yd;
      }
      MPI_Allreduce(local, all, 2, MPI_DOUBLE, MPI_SUM, world);
      wNow.swap(trial);
      gNow.swap(gNew);
      history.push_back(eTrial);
      if (history.size() > 10) history.erase(history.begin());
      // (a step at the rounding of the weights gives no curvature)
      if (all[1] > 0 && all[0] > slots * NOISE_STEP * NOISE_STEP) t = std::min(1e10, std::max(1e-10, all[0] / all[1]));
    }
  }

  // entropic mirror descent from wNow with the non-monotone line search and BB steps in the mirror geometry
  int mirror(double energy, double tol, double &mu, double &residual, int &evaluations)
  {
    const size_t m = wNow.size();
    std::vector<double> history(1, energy);
    double eta = step > 0 ? step : 1 / te;
    for (int it = 0;; it++) {
      mu = mirrorStep(wNow.data(), gNow.data(), eta, trial.data(), tol) / eta;
      muGuess = mu;
      residual = kkt(wNow.data(), gNow.data(), mu, 0.0);
      if (residual <= tolerance) { step = eta; return it; }
      if (it >= maxIterations) notConverged(residual, it);
      const double reference = *std::max_element(history.begin(), history.end());
      const double noise = 16 * std::numeric_limits<double>::epsilon() * std::max(1.0, fabs(reference));
      double lambda = eta, eTrial = 0;
      for (int back = 0;; back++) {
        if (back > 0) mirrorStep(wNow.data(), gNow.data(), lambda, trial.data(), tol);
        double gd = 0;
        for (size_t s = 0; s < m; s++) gd += gNow[s] * (trial[s] - wNow[s]);
        gd = sum(gd);
        eTrial = objective(trial.data(), gNew.data());
        evaluations++;
        if (eTrial <= reference + 1e-4 * gd + noise) break;
        lambda *= 0.5;
        if (back > 60) fail("ect/eam/ectmd: the mirror line search failed");
      }
      double local[2] = { 0, 0 }, all[2];
      for (size_t s = 0; s < m; s++) {
        const double sw = trial[s] - wNow[s];
        local[0] += sw * (logWeight(trial[s]) - logWeight(wNow[s]));
        local[1] += sw * (gNew[s] - gNow[s]);
      }
      MPI_Allreduce(local, all, 2, MPI_DOUBLE, MPI_SUM, world);
      wNow.swap(trial);
      gNow.swap(gNew);
      history.push_back(eTrial);
      if (history.size() > 10) history.erase(history.begin());
      eta = all[1] > 0 && all[0] > 0 ? std::min(ETA_MAX / te, std::max(1e-10 / te, all[0] / all[1])) : lambda;
    }
  }

  // the stored weights (or start weights from q), Q_tot on first use, the projection onto the feasible set, then SPG
  // (or mirror descent with te) to the KKT tolerance; wNow holds the solution, the kernel the last evaluation (at
  // wNow), the store the weights
  void solve()
  {
    const size_t m = (size_t)nlocal * K;
    for (auto *v : { &wNow, &gNow, &gNew, &trial, &dir, &yv, &shifted, &before }) v->assign(m, 0.0);
    double **store = fix->w;
    // over this rank's ECT-EAM atoms: Σq, the smallest and largest Σq the states allow, Σ max|q_M|, state slots
    double local[5] = { 0, 0, 0, 0, 0 }, all[5];
    int stored = 1;
    for (int i = 0; i < nlocal; i++) {
      double *wi = &wNow[(size_t)i * K];
      const int e = kernelType[atom->type[i]] - 1;
      if (e < 0) continue;    // a NULL type's atom: not in the equalisation
      if (store[i][K] == 1.0) for (int s = 0; s < states(i); s++) wi[s] = store[i][s];
      else { startWeights(image.charges[e], atom->q[i], wi); stored = 0; }
      for (int s = 0; s < states(i); s++) before[(size_t)i * K + s] = wi[s];
      const double lo = image.qmin[e], hi = image.qmax[e];
      local[0] += atom->q[i]; local[1] += lo; local[2] += hi; local[3] += std::max(fabs(lo), fabs(hi)); local[4] += states(i);
    }
    MPI_Allreduce(local, all, 5, MPI_DOUBLE, MPI_SUM, world);
    slots = all[4];
    // after read_restart: the solver state the weights were converged with; when every atom has its stored weights,
    // the first solve starts from them unprojected (a projection could move their last bits), so it keeps them
    bool trusted = false;
    if (fix->restored) {
      qtot = fix->solver[0];
      step = fix->solver[1];
      muGuess = fix->solver[2];
      qtotSet = true;
      fix->restored = 0;
      int all;
      MPI_Allreduce(&stored, &all, 1, MPI_INT, MPI_MIN, world);
      trusted = all == 1;
    }
    if (!qtotSet) {
      const double slack = 1e-12 * std::max({ 1.0, fabs(all[1]), fabs(all[2]) });
      char msg[300];
      if (!(all[0] >= all[1] - slack && all[0] <= all[2] + slack)) {
        snprintf(msg, sizeof msg, "ect/eam/ectmd: the total charge %.17g e is outside what the state charges allow, [%.17g, %.17g] e (the sum of the atoms' q)", all[0], all[1], all[2]);
        fail(msg);
      }
      if (te > 0 && !(all[0] > all[1] && all[0] < all[2])) {
        snprintf(msg, sizeof msg, "ect/eam/ectmd: with te the total charge %.17g e must lie strictly inside [%.17g, %.17g] e (the weights are interior)", all[0], all[1], all[2]);
        fail(msg);
      }
      qtot = all[0];
      qtotSet = true;
      step = 0;
      muGuess = 0;
    }
    const double tol = 8 * std::numeric_limits<double>::epsilon() * std::max(1.0, all[3]);
    if (!trusted) {
      trial = wNow;
      project(trial.data(), wNow.data(), tol);
    }
    const double energy = objective(wNow.data(), gNow.data());
    if (!std::isfinite(energy)) fail("ect/eam/ectmd: the energy at the starting weights is not finite");
    double mu = 0, residual = 0;
    int evaluations = 1;
    const int it = te > 0 ? mirror(energy, tol, mu, residual, evaluations) : spg(energy, tol, mu, residual, evaluations);
    // the kernel's last evaluation is at wNow (the accepted trial, or the start when no iteration ran)
    double jump = 0, qk = 0;
    const double *q = ectmd_f64(&kernel, b.q);
    for (int i = 0; i < nlocal; i++) {
      for (int s = 0; s < K; s++) {
        store[i][s] = wNow[(size_t)i * K + s];
        jump = std::max(jump, fabs(wNow[(size_t)i * K + s] - before[(size_t)i * K + s]));
      }
      store[i][K] = 1.0;
      if (states(i) > 0) qk += q[i];
    }
    fix->solver[0] = qtot;
    fix->solver[1] = step;
    fix->solver[2] = muGuess;
    // compute pair sums pvector over the ranks: rank 0 holds the global values, the others 0
    const double values[7] = { (double)it, residual, sum(qk), mu, (double)evaluations, maximum(jump), sum(entropic()) };
    for (int c = 0; c < 7; c++) pvector[c] = comm->me == 0 ? values[c] : 0.0;
  }

  // this rank's T_e Σ w ln w at the converged weights (0 without te)
  double entropic() const
  {
    double e = 0;
    if (te > 0) for (int i = 0; i < nlocal; i++) e += entropyOf(wNow.data(), i);
    return e;
  }
};

Pair *makePair(LAMMPS *lmp) { return new PairEctEamEctmd(lmp); }

}    // namespace

void registerEctEamEctmd(LAMMPS *lmp)
{
  (*lmp->force->pair_map)["ect/eam/ectmd"] = &makePair;
  (*lmp->modify->fix_map)[FIX_STYLE] = &makeFix;
}
