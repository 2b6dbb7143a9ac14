// The skin list's entry format (docs/abi.md, "Neighbour lists"): each neighbour index takes `entryBytes` bytes,
// little-endian: 4 (i32, the default) or 3 (24 bits, when owned + ghost atoms number at most 2^24), a quarter less
// memory for the largest array of an EAM run. The kernels that write or read a skin list (offs, idx) go through
// entry() and putEntry(); the short lists a kernel compacts for itself (sidx) stay i32.

let entryBytes: usize = 4;
let entryMask: u32 = 0xffffffff;

/** Set the width in bytes (3 or 4) of the skin-list entries this instance's later calls write and read; any other
 *  value changes nothing. Returns the width in force before the call. */
export function list_entry_bytes(bytes: i32): i32 {
  const before = <i32>entryBytes;
  if (bytes == 3 || bytes == 4) {
    entryBytes = <usize>bytes;
    entryMask = bytes == 3 ? 0xffffff : 0xffffffff;
  }
  return before;
}

/** Bytes per skin-list entry. */
// @ts-ignore: decorator
@inline export function listStride(): usize { return entryBytes; }

/** Entry k of the skin list at idx (an unaligned 4-byte load: a 3-byte list's buffer has a spare byte at its end). */
// @ts-ignore: decorator
@inline export function entry(idx: usize, k: i32): i32 {
  return <i32>(load<u32>(idx + <usize>k * entryBytes) & entryMask);
}

/** The entry at byte address p of a list whose width the caller's inlined copy knows (narrow: 3 bytes, else 4): one
 *  load and, for 3 bytes, one mask, for loops specialised per width. */
// @ts-ignore: decorator
@inline export function entryAt(p: usize, narrow: bool): i32 {
  return narrow ? <i32>(load<u32>(p) & 0xffffff) : load<i32>(p);
}

/** Write index j (0 ≤ j < 2^24 for 3-byte entries) as the entry at byte address w. All four bytes are stored: with
 *  3-byte entries the last one lands on the next entry, so entries are written in increasing order and a buffer
 *  of c entries has c·width + 1 bytes. */
// @ts-ignore: decorator
@inline export function putEntry(w: usize, j: i32): void { store<u32>(w, <u32>j); }
