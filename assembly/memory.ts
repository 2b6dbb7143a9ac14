// Kernel ABI basics: version and a bump allocator over the exported linear memory.
// Hosts allocate every array they pass to kernels with alloc() and free them all with reset().

/** Kernel ABI version; bump on any change to an exported signature or data layout (docs/abi.md). */
export function abi_version(): i32 {
  return 1;
}

/** Allocate `bytes` bytes, 16-byte aligned (SIMD loads). Returns a byte offset into memory. May grow memory. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Release every allocation made with alloc(). */
export function reset(): void {
  heap.reset();
}
