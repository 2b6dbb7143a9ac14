#!/usr/bin/env bash
# Regenerates the LAMMPS reference outputs in test/reference/lammps from the inputs kept beside them.
# Needs LAMMPS 29Sep2021 (`lmp`, Debian packages lammps lammps-data) on PATH. Usage: scripts/make-references.sh
set -euo pipefail
cd "$(dirname "$0")/../test/reference/lammps"
run() { (cd "$1" && lmp -in "$2" -log "$3" -screen none); }
for deck in cu_u3_funcfl cuni_setfl alo_streitz_wolf; do run . "$deck.in" "$deck.log"; done
run . in.eam.bench in.eam.bench.log
run streitz in.streitz.wolf wolf.log
run streitz in.streitz.ewald ewald.log
