//! What the server knew when it rendered the page and the browser's islands
//! need too: who is logged in, and the form flash. The server writes it into
//! the page once, as JSON (not executed, so the content security policy has
//! nothing to allow); each island reads it instead of asking the server again.

use crate::error::AppError;
use crate::model::account::SignedIn;
use crate::model::flash::FormFlash;
use serde::{Deserialize, Serialize};

/// The `id` of the element that carries it.
pub const ELEMENT_ID: &str = "page-data";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PageData {
    pub user: Result<Option<SignedIn>, AppError>,
    pub flash: Option<FormFlash>,
}

impl Default for PageData {
    fn default() -> Self {
        PageData {
            user: Ok(None),
            flash: None,
        }
    }
}

/// The page's data as a `<script type="application/json">`. `<` is escaped,
/// so no value can close the element.
#[cfg(feature = "ssr")]
pub fn script(data: &PageData) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! { <script type="application/json" id=ELEMENT_ID inner_html=json(data)></script> }
}

#[cfg(feature = "ssr")]
fn json(data: &PageData) -> String {
    serde_json::to_string(data)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
}

/// Only the server writes the page.
#[cfg(not(feature = "ssr"))]
pub fn script(_data: &PageData) -> impl leptos::IntoView {}

/// The page's data, read once from the page.
#[cfg(feature = "hydrate")]
pub fn get() -> &'static PageData {
    thread_local! {
        static DATA: &'static PageData = Box::leak(Box::new(read()));
    }
    DATA.with(|data| *data)
}

#[cfg(feature = "hydrate")]
fn read() -> PageData {
    leptos::prelude::document()
        .get_element_by_id(ELEMENT_ID)
        .and_then(|element| element.text_content())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::model::flash::FormFlash;

    #[test]
    fn nothing_typed_can_close_the_element_and_the_json_reads_back() {
        let typed = "</script><script>alert(1)</script>";
        let data = PageData {
            user: Ok(None),
            flash: Some(FormFlash {
                endpoint: "login".into(),
                fields: vec![("input[email]".into(), typed.into())],
                outcome: Err(AppError::Unauthorized),
            }),
        };
        let text = json(&data);
        assert!(!text.contains('<'), "{text}");
        let back: PageData = serde_json::from_str(&text).unwrap();
        assert_eq!(back.flash, data.flash);
    }
}
