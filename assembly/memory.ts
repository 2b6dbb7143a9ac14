// Kernel ABI basics: version and a bump allocator over the exported linear memory.
// Hosts allocate every array they pass to kernels with alloc() and free them all with reset().

/** Kernel ABI version; bump on any change to an exported signature or data layout (docs/abi.md). */
export function abi_version(): i32 {
  return 13;
}

// Bump pointer, 16-byte aligned, starting above the module's static data (never at address 0).
let top: usize = (__heap_base + 31) & ~<usize>15;

/** Allocate `bytes` bytes, 16-byte aligned (SIMD loads). Returns a byte offset into memory. May grow memory. */
export function alloc(bytes: usize): usize {
  const ptr = top;
  // 64-bit arithmetic: near the 4 GiB limit of wasm32 the end would wrap around in usize
  const end = (<u64>ptr + <u64>bytes + 15) & ~(<u64>15);
  if (end >= (<u64>1 << 32)) return 0;
  const have = <u64>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(max(pages, memory.size())) < 0 && memory.grow(pages) < 0) return 0;
  }
  top = <usize>end;
  return ptr;
}

/** Release every allocation made with alloc(). */
export function reset(): void {
  top = (__heap_base + 31) & ~<usize>15;
}
