//! What a visitor typed survives the page load a language switch causes:
//! the switch keeps the page's fields (never a password) in the tab's
//! session storage, and the page, loaded again in the other language, puts
//! them back before it hydrates, where each field's `keep_typed` (or
//! `keep_ticked`) hands them to the screen.

/// The storage key for the page at `path` (with its query).
#[cfg(feature = "hydrate")]
fn key(path: &str) -> String {
    format!("typed:{path}")
}

#[cfg(feature = "hydrate")]
fn here() -> String {
    let location = leptos::prelude::window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// Keeps the fields of the page's forms that differ from what the server
/// rendered, for [`restore`] on the next load of the same page.
#[cfg(feature = "hydrate")]
pub fn keep() {
    use leptos::prelude::{document, window};
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
    let (Ok(Some(storage)), Ok(fields)) = (
        window().session_storage(),
        document().query_selector_all("main input[id], main textarea[id], main select[id]"),
    ) else {
        return;
    };
    let mut kept = form_urlencoded::Serializer::new(String::new());
    for i in 0..fields.length() {
        let Some(node) = fields.item(i) else { continue };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "password" | "hidden" | "file" | "submit" | "button" => {}
                "checkbox" | "radio" if input.checked() != input.default_checked() => {
                    kept.append_pair(&input.id(), if input.checked() { "on" } else { "off" });
                }
                "checkbox" | "radio" => {}
                _ if input.value() != input.default_value() => {
                    kept.append_pair(&input.id(), &input.value());
                }
                _ => {}
            }
        } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
            if Ok(area.value()) != area.default_value() {
                kept.append_pair(&area.id(), &area.value());
            }
        } else if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
            kept.append_pair(&select.id(), &select.value());
        }
    }
    let _ = storage.set_item(&key(&here()), &kept.finish());
}

/// Puts back what [`keep`] kept for this page, once; before hydration.
#[cfg(feature = "hydrate")]
pub fn restore() {
    use leptos::prelude::{document, window};
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
    let Ok(Some(storage)) = window().session_storage() else {
        return;
    };
    let key = key(&here());
    let Ok(Some(kept)) = storage.get_item(&key) else {
        return;
    };
    let _ = storage.remove_item(&key);
    for (id, value) in form_urlencoded::parse(kept.as_bytes()) {
        let Some(element) = document().get_element_by_id(&id) else {
            continue;
        };
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "password" | "hidden" | "file" => {}
                "checkbox" | "radio" => input.set_checked(value == "on"),
                _ => input.set_value(&value),
            }
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(&value);
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            select.set_value(&value);
        }
    }
}
