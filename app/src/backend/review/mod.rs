//! The reviewers' side: the queue, an application's full picture, claiming
//! and deciding. A decision is one conditional status change from in review,
//! so of two reviewers deciding at once exactly one wins.

mod decide;
mod detail;
mod queue;

pub use decide::{approve, assign, reject};
pub use detail::detail;
pub use queue::{queue, PAGE_SIZE};
