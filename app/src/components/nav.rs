//! Where the reader is and where they go next. The page is rendered on the
//! server, where the router knows the request, and its interactive parts
//! (islands) run in the browser with no router at all: every page is a whole
//! page load. These read the same facts on both sides.

/// The query-string value `name` of the page being shown.
pub fn query(name: &str) -> Option<String> {
    #[cfg(not(feature = "hydrate"))]
    {
        use leptos::prelude::ReadUntracked;
        leptos_router::hooks::use_query_map()
            .read_untracked()
            .get(name)
    }
    #[cfg(feature = "hydrate")]
    {
        let search = leptos::prelude::window().location().search().ok()?;
        form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }
}

/// The route parameter `name` (`/reset/{token}`, `/guides/{slug}` …). Every
/// parameterised route ends in its one parameter, so the browser reads the
/// path's last segment.
pub fn path_param(name: &str) -> Option<String> {
    #[cfg(not(feature = "hydrate"))]
    {
        use leptos::prelude::ReadUntracked;
        leptos_router::hooks::use_params_map()
            .read_untracked()
            .get(name)
    }
    #[cfg(feature = "hydrate")]
    {
        let _ = name;
        let path = leptos::prelude::window().location().pathname().ok()?;
        let last = path
            .rsplit('/')
            .next()
            .filter(|segment| !segment.is_empty())?;
        percent_encoding::percent_decode_str(last)
            .decode_utf8()
            .ok()
            .map(|segment| segment.into_owned())
    }
}

/// The page's path, without its query.
pub fn path() -> String {
    #[cfg(not(feature = "hydrate"))]
    {
        use leptos::prelude::GetUntracked;
        leptos_router::hooks::use_location()
            .pathname
            .get_untracked()
    }
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default()
    }
}

/// The page's path and query, to come back to.
pub fn path_and_query() -> String {
    #[cfg(not(feature = "hydrate"))]
    let search = {
        use leptos::prelude::GetUntracked;
        leptos_router::hooks::use_location().search.get_untracked()
    };
    #[cfg(feature = "hydrate")]
    let search = leptos::prelude::window()
        .location()
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .to_string();
    if search.is_empty() {
        path()
    } else {
        format!("{}?{search}", path())
    }
}

/// Goes to `target` (a path of ours): the next page loads whole, rendered
/// by the server. Only the browser navigates; on the server this does
/// nothing.
pub fn go(target: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = leptos::prelude::window().location().assign(target);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = target;
}

/// Sends the reader elsewhere instead of showing this page: a `302` while
/// the server renders it, a replaced history entry in the browser.
pub fn redirect(target: &str) {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(target);
    #[cfg(feature = "hydrate")]
    {
        let _ = leptos::prelude::window().location().replace(target);
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let _ = target;
}

/// Shows `target` as the page's address without loading it (the island
/// showing it has updated itself): a new history entry, or with `replace`
/// the current one.
pub fn show_address(target: &str, replace: bool) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = leptos::prelude::window().history() {
        let state = wasm_bindgen::JsValue::NULL;
        let _ = if replace {
            history.replace_state_with_url(&state, "", Some(target))
        } else {
            history.push_state_with_url(&state, "", Some(target))
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (target, replace);
}

/// Runs `moved` when the reader goes Back or Forward between addresses that
/// [`show_address`] made, for as long as the calling island lives.
pub fn on_history_move(moved: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::prelude::*;
        let listener = Closure::<dyn Fn()>::new(moved);
        let window = leptos::prelude::window();
        let _ =
            window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
        let listener = send_wrapper::SendWrapper::new(listener);
        leptos::prelude::on_cleanup(move || {
            let _ = leptos::prelude::window()
                .remove_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = moved;
}
