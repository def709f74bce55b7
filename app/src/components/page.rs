use leptos::prelude::*;
use leptos_meta::Title;

/// A page's frame: document title, one `h1`, an optional lead, then the content.
#[component]
pub fn Page(
    title: &'static str,
    #[prop(optional)] lead: Option<&'static str>,
    #[prop(optional)] narrow: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <Title text=title/>
        <div class="container page" class:narrow=narrow>
            <h1>{title}</h1>
            {lead.map(|lead| view! { <p class="lead">{lead}</p> })}
            {children()}
        </div>
    }
}

/// After a navigation inside the app, focus is on the body (the control that
/// started it is gone: a pop-up, a form) or still on a header link, so
/// keyboard and screen-reader users would start again from the top or hear
/// nothing of the new page. The new page's main heading takes focus instead,
/// once it is rendered (a lazily loaded screen comes later), unless the page
/// has put focus somewhere in its own content.
#[component]
pub fn FocusAfterNavigation() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            #[cfg(feature = "hydrate")]
            focus_heading_once_shown(HEADING_TRIES, document().active_element(), None);
        }
        path
    });
}

/// How many times (every 100 ms) to look for the new page's heading.
#[cfg(feature = "hydrate")]
const HEADING_TRIES: u32 = 30;

/// Focuses `main h1` once it exists. `stale` had focus when the navigation
/// began: while a lazily loaded screen is fetched the old page is still
/// shown, with that control. It keeps watching for a while, and if the
/// heading it `focused` is replaced (the old page's), the new one takes
/// focus. Focus that the page or the user moved elsewhere stays there.
#[cfg(feature = "hydrate")]
fn focus_heading_once_shown(
    tries_left: u32,
    stale: Option<web_sys::Element>,
    focused: Option<web_sys::HtmlElement>,
) {
    gloo_timers::callback::Timeout::new(100, move || {
        use wasm_bindgen::JsCast;
        let document = document();
        let active = document.active_element();
        let next = match focused {
            // Ours and still shown: keep watching, unless focus moved on.
            Some(heading) if heading.is_connected() => {
                if active.as_ref() != Some(heading.as_ref()) {
                    return;
                }
                Some(heading)
            }
            _ => {
                let moved_in_page = active
                    .as_ref()
                    .filter(|active| stale.as_ref() != Some(*active))
                    .and_then(|active| active.closest("main").ok().flatten())
                    .is_some();
                if moved_in_page {
                    return;
                }
                let heading = document
                    .query_selector("main h1")
                    .ok()
                    .flatten()
                    .and_then(|h1| h1.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(heading) = &heading {
                    if !heading.has_attribute("tabindex") {
                        let _ = heading.set_attribute("tabindex", "-1");
                    }
                    let _ = heading.focus();
                }
                heading
            }
        };
        if tries_left > 0 {
            focus_heading_once_shown(tries_left - 1, stale, next);
        }
    })
    .forget();
}
