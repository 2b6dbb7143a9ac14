// ect/eam/ectmd (pair_ect_eam_ectmd.cpp): registers the pair style and the per-atom weight store it creates.
#ifndef ECTMD_PAIR_ECT_EAM_ECTMD_H
#define ECTMD_PAIR_ECT_EAM_ECTMD_H

namespace LAMMPS_NS { class LAMMPS; }

void registerEctEamEctmd(LAMMPS_NS::LAMMPS *lmp);

#endif
