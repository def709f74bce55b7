//! The process gives memory back after a burst.
//!
//! glibc's allocator serves blocks above a threshold with their own mapping
//! and unmaps them on free, but it raises that threshold to the largest
//! block freed so far (up to 32 MiB). After a few password hashes (19 MiB
//! each) or logo decodes, such blocks come from the heap arenas instead and
//! stay resident when freed: 48 logins left the server holding 610 MB.
//! Pinning the threshold keeps every large block a mapping of its own.
//!
//! Pinning it also stops glibc from adapting its trim threshold, which then
//! stays at 128 KiB: the heap top was handed back and taken again on nearly
//! every page render (15 % of `GET /login` throughput). A 4 MiB trim
//! threshold with 1 MiB of padding keeps the working set of a render without
//! holding on to the large blocks, which are mappings anyway.

/// Blocks of this size or more are mapped for themselves and returned on free.
pub const MMAP_THRESHOLD: usize = 1024 * 1024;

/// Free memory at the top of the heap beyond this goes back to the system.
pub const TRIM_THRESHOLD: usize = 4 * 1024 * 1024;

/// Extra memory taken with each heap growth, so small ones do not each cost a system call.
pub const TOP_PAD: usize = 1024 * 1024;

/// Sets the allocator up; call once, first thing in `main`.
pub fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; glibc documents it
    // as safe to call at any time, and it is called before any other work.
    unsafe {
        for (param, value, what) in [
            (libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD, "mmap threshold"),
            (libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD, "trim threshold"),
            (libc::M_TOP_PAD, TOP_PAD, "top pad"),
        ] {
            if libc::mallopt(param, value as libc::c_int) != 1 {
                eprintln!("warning: could not set the allocator's {what}");
            }
        }
    }
}
