//! Data an island was rendered with, fetched again when it changes.
//!
//! An island does not read the page's resources: the server reads the data,
//! renders the page with it and hands it to the island as a prop. The island
//! keeps it in a signal and, after its own actions, asks the server again.

use leptos::prelude::*;
use std::future::Future;

/// `initial`, replaced by `fetch(source())` each time `source` changes
/// (after an action; never for the first render, which the server did).
pub fn kept_fresh<T, S, Fut>(
    initial: T,
    source: impl Fn() -> S + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> ReadSignal<T>
where
    T: Send + Sync + 'static,
    S: Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    let (value, set_value) = signal(initial);
    Effect::new(move |seen: Option<()>| {
        let asked = source();
        if seen.is_some() {
            let answer = fetch(asked);
            leptos::task::spawn_local(async move {
                set_value.try_set(answer.await);
            });
        }
    });
    value
}

/// While the island lives, asks `done()` every second (in the browser) and
/// loads `address` again once it says yes: for pages that wait on a job the
/// server runs (a workspace being created).
pub fn reload_when<Fut>(address: &'static str, done: impl Fn() -> Fut + 'static)
where
    Fut: Future<Output = bool> + 'static,
{
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let alive = Arc::new(AtomicBool::new(true));
    on_cleanup({
        let alive = alive.clone();
        move || alive.store(false, Ordering::Relaxed)
    });
    let done = std::rc::Rc::new(done);
    Effect::new(move |_| {
        let (alive, done) = (alive.clone(), done.clone());
        leptos::task::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(1_000).await;
                if !alive.load(Ordering::Relaxed) {
                    return;
                }
                if done().await {
                    crate::components::nav::redirect(address);
                    return;
                }
            }
        });
    });
}
