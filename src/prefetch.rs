//! Asking the processor for memory before it is needed.
//!
//! Grouping and judging claims read memory in an order no hardware
//! prefetcher can guess (each shard takes every few-dozenth fact of a file;
//! a group's claims come from several files). At ten million facts nearly
//! every such read missed the caches and the address-translation buffer,
//! and grouping grew 15× for 10× the facts. Reading a few items ahead does
//! not help: a load must finish before the processor retires it, so at most
//! one miss is in flight. A prefetch retires at once.

/// Ask for the cache line holding `item`. A hint only: it reads nothing
/// the program sees, so it cannot change a result.
#[inline(always)]
pub fn prefetch<T: ?Sized>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` never faults and has no effect the program can
    // observe; the address comes from a reference, so it is valid anyway.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((item as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}
