//! Mail delivery: the outbox queue, the transports, and the worker between them.

pub mod outbox;
pub mod transport;
pub mod worker;
