use crate::domain::business::initial_of;
use leptos::prelude::*;

/// A workspace logo: the uploaded image, or the default logo — the first
/// character of the company name on the colour chosen for it (classes
/// `logo-color-0` … `logo-color-11`, all AA-contrast with white text).
#[component]
pub fn Logo(
    #[prop(into)] name: Signal<String>,
    #[prop(into)] logo_id: Signal<Option<String>>,
    #[prop(into)] color: Signal<u8>,
    #[prop(default = "medium")] size: &'static str,
) -> impl IntoView {
    let label = move || {
        let name = name.get();
        if name.trim().is_empty() {
            "Workspace logo".to_string()
        } else {
            format!("{} logo", name.trim())
        }
    };
    move || {
        match logo_id.get() {
        Some(id) => view! {
            <img class=format!("logo logo-{size}") src=format!("/logos/{id}.png") alt=label() width="256" height="256"/>
        }
        .into_any(),
        None => view! {
            <span class=format!("logo logo-{size} default-logo logo-color-{}", color.get()) role="img" aria-label=label()>
                {initial_of(&name.get())}
            </span>
        }
        .into_any(),
    }
    }
}
