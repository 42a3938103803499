//! The wasm heap: Rust's usual allocator (dlmalloc), asking the WebAssembly
//! memory for more room in large steps instead of small ones.
//!
//! A wasm module's heap is one linear memory that only grows
//! (`memory.grow`, in 64 KiB pages) and never shrinks. The standard library's
//! allocator for `wasm32-unknown-unknown` is dlmalloc, which grows the memory
//! by exactly what the allocation that did not fit needs, rounded up to a
//! page. In a browser engine each `memory.grow` costs time that rises with the
//! memory's size (V8 re-commits and re-publishes the whole buffer: measured in
//! Node 20, 2,700 one-page grows up to 170 MB take ~3 s, 11 grows of 16 MB to
//! the same size ~17 ms). An analysis whose heap climbs to 160 MB (a million
//! words) through hundreds of small grows therefore pays a cost that grows
//! with the square of the input: the one super-linear part of `analyze` in
//! wasm (issue 14), absent natively.
//!
//! This module keeps dlmalloc (the crate the standard library itself uses,
//! so allocation behaves as before) and only changes where its memory comes
//! from: [`Pages::alloc`] grows the memory by at least an eighth of its current
//! size (between 1 MiB and 8 MiB a step), so reaching `n` bytes takes
//! O(log n + n / 8 MiB) grows. The cap keeps the overshoot small: memory
//! that is never needed costs at most 8 MiB, and a failed call cannot grow the
//! memory by more than that. When the larger step does not fit in the 4 GiB
//! address space, the exact amount is tried before failing, as dlmalloc did.
//!
//! wasm32 here is single-threaded (no `atomics` target feature), so the
//! allocator needs no lock: [`Heap`] is `Sync` only because nothing can reach
//! it from a second thread.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::{Cell, UnsafeCell};
use core::ptr;

/// The size of a WebAssembly page.
const PAGE: usize = 64 * 1024;
/// The least room added beyond what the allocation needs.
const MIN_STEP: usize = 1 << 20;
/// The largest step beyond what the allocation needs.
const MAX_STEP: usize = 8 << 20;

extern "C" {
    /// Where the linker placed the start of the heap (after data and stack).
    static __heap_base: u8;
    /// The end of the memory the module starts with.
    static __heap_end: u8;
}

/// dlmalloc's source of memory: `memory.grow` in large steps.
pub struct Pages {
    /// Whether the memory past the heap base was handed out already.
    initial_used: Cell<bool>,
}

/// The memory the module starts with past its data and stack, given to the
/// allocator on its first request (what the standard library's allocator
/// does too), so that it is not wasted.
fn initial_chunk(size: usize) -> Option<(usize, usize)> {
    // the linker defines both symbols for every wasm32 module; only their
    // addresses are taken, nothing is read
    let (base, end) = (
        ptr::addr_of!(__heap_base) as usize,
        ptr::addr_of!(__heap_end) as usize,
    );
    (base != 0 && end > base && end - base >= size).then_some((base, end - base))
}

/// Grows the memory by `bytes` (rounded up to pages); the start of the new
/// room, or `None` when the memory cannot grow that much.
fn grow(bytes: usize) -> Option<(usize, usize)> {
    let pages = bytes.div_ceil(PAGE);
    let prev = wasm32::memory_grow(0, pages);
    if prev == usize::MAX {
        return None;
    }
    let base = prev * PAGE;
    let size = pages * PAGE;
    // the last bytes of the 4 GiB address space: a pointer may not wrap to 0
    if base.wrapping_add(size) == 0 {
        return Some((base, size - 16));
    }
    Some((base, size))
}

// SAFETY: `alloc` returns fresh, zeroed (new wasm pages are zero) memory that
// nothing else uses, or null; no memory is ever released or moved.
unsafe impl dlmalloc::Allocator for Pages {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        if size == 0 {
            return (ptr::null_mut(), 0, 0);
        }
        if !self.initial_used.replace(true) {
            if let Some((base, len)) = initial_chunk(size) {
                return (base as *mut u8, len, 0);
            }
        }
        let current = wasm32::memory_size(0) * PAGE;
        let step = (current / 8).clamp(MIN_STEP, MAX_STEP);
        let wanted = size.saturating_add(step);
        match grow(wanted).or_else(|| grow(size)) {
            Some((base, len)) => (base as *mut u8, len, 0),
            None => (ptr::null_mut(), 0, 0),
        }
    }

    fn remap(&self, _ptr: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
        ptr::null_mut()
    }

    fn free_part(&self, _ptr: *mut u8, _old: usize, _new: usize) -> bool {
        false
    }

    fn free(&self, _ptr: *mut u8, _size: usize) -> bool {
        false
    }

    fn can_release_part(&self, _flags: u32) -> bool {
        false
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        PAGE
    }
}

/// The global allocator of the wasm builds: dlmalloc over [`Pages`].
pub struct Heap(UnsafeCell<dlmalloc::Dlmalloc<Pages>>);

// SAFETY: wasm32 without the `atomics` feature has one thread; nothing can
// call the allocator concurrently.
unsafe impl Sync for Heap {}

#[global_allocator]
static HEAP: Heap = Heap(UnsafeCell::new(dlmalloc::Dlmalloc::new_with_allocator(
    Pages {
        initial_used: Cell::new(false),
    },
)));

// Each method is kept out of line: inlined at every allocation site (with
// LTO) dlmalloc's paths added 55 KB to the page's wasm (12 KB gzipped), for
// no measurable speed.
//
// SAFETY: every call forwards to dlmalloc with the layout's size and
// alignment, as `dlmalloc::GlobalDlmalloc` does; see `Sync` above for the
// exclusive access.
unsafe impl GlobalAlloc for Heap {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).malloc(layout.size(), layout.align())
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).calloc(layout.size(), layout.align())
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).free(ptr, layout.size(), layout.align())
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
    }
}
