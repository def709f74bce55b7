//! What the browser does once per page, before the islands hydrate.

/// Puts back what was typed before a language switch, and keeps the `tz`
/// cookie on the browser's zone: the next page is rendered in it, and a new
/// zone is saved on the account too, for its mail.
#[cfg(feature = "hydrate")]
pub fn start() {
    crate::components::typed::restore();
    if let Some(zone) = crate::components::zone::remember_browser_zone() {
        if matches!(crate::components::page_data::get().user, Ok(Some(_))) {
            leptos::task::spawn_local(async move {
                let _ = crate::api::account::save_time_zone(zone).await;
            });
        }
    }
}
