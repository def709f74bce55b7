//! Mail delivery: the transports, and the worker that drains the outbox
//! (the mail side of `app::backend::queue`) into them.

pub mod transport;
pub mod worker;
