//! The reviewers' side: the queue, an application's full picture, claiming
//! and deciding. A decision is one conditional status change from in review,
//! so of two reviewers deciding at once exactly one wins.

mod decide;
mod detail;
pub mod metrics;
pub mod notes;
mod queue;
pub mod team;

pub use decide::{approve, assign, reject, release, request_changes};
pub use detail::detail;
pub use queue::{queue, queue_export, PAGE_SIZE};
