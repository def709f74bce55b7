//! Building blocks shared by several pages.

pub mod footer;
pub mod header;
pub mod page;
