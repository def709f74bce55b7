//! The process gives memory back after a burst.
//!
//! glibc's allocator serves blocks above a threshold with their own mapping
//! and unmaps them on free, but it raises that threshold to the largest
//! block freed so far (up to 32 MiB). After a few password hashes (19 MiB
//! each) or logo decodes, such blocks come from the heap arenas instead and
//! stay resident when freed: 48 logins left the server holding 610 MB.
//! Pinning the threshold keeps every large block a mapping of its own.

/// Blocks of this size or more are mapped for themselves and returned on free.
pub const MMAP_THRESHOLD: usize = 1024 * 1024;

/// Sets the allocator up; call once, first thing in `main`.
pub fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; glibc documents it
    // as safe to call at any time, and it is called before any other work.
    unsafe {
        if libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int) != 1 {
            eprintln!("warning: could not pin the allocator's mmap threshold");
        }
    }
}
