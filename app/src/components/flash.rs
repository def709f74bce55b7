//! The form flash of this page load (see `model::flash`): read by the
//! server from the request, carried to the browser with the page so both
//! render the same, and handed to the form it belongs to.

use crate::error::{AppError, FieldError};
use crate::model::flash::FormFlash;
use leptos::prelude::*;

#[derive(Clone)]
struct PageFlash(Option<FormFlash>);

/// Makes this page's flash available to its forms; once, at the root.
pub fn provide() {
    provide_context(PageFlash(from_request()));
}

/// The flash left by a post to `endpoint`, if this page has one.
pub fn flash_for(endpoint: &str) -> Option<FormFlash> {
    #[cfg(feature = "hydrate")]
    let page = use_context::<PageFlash>()
        .or_else(|| Some(PageFlash(crate::components::page_data::get().flash.clone())));
    #[cfg(not(feature = "hydrate"))]
    let page = use_context::<PageFlash>();
    page.and_then(|PageFlash(flash)| flash)
        .filter(|flash| flash.endpoint == endpoint)
}

/// This page's flash, whichever form it belongs to (for the page's data).
pub fn flash_for_any() -> Option<FormFlash> {
    use_context::<PageFlash>().and_then(|PageFlash(flash)| flash)
}

/// A form's starting state from its flash: the messages it shows and a
/// field's typed value.
pub struct FormStart(Option<FormFlash>);

impl FormStart {
    pub fn for_endpoint(endpoint: &str) -> FormStart {
        FormStart(flash_for(endpoint))
    }

    /// The value posted for field `name` (empty without a flash).
    pub fn value(&self, name: &str) -> String {
        self.0
            .as_ref()
            .map(|flash| flash.field(name))
            .unwrap_or_default()
    }

    /// The values posted under `name[…]` (a list, such as ticked boxes).
    pub fn values(&self, name: &str) -> Vec<String> {
        let prefix = format!("{name}[");
        self.0
            .iter()
            .flat_map(|flash| flash.fields.iter())
            .filter(|(key, _)| key.starts_with(&prefix))
            .map(|(_, value)| value.clone())
            .collect()
    }

    /// The signals for the form's field messages and alert, starting with
    /// the flash's refusal.
    pub fn messages(&self) -> (RwSignal<Vec<FieldError>>, RwSignal<Option<String>>) {
        let (fields, alert) = self.0.as_ref().map(FormFlash::messages).unwrap_or_default();
        (RwSignal::new(fields), RwSignal::new(alert))
    }

    /// The successful answer, as JSON text.
    pub fn answer(&self) -> Option<String> {
        self.0
            .as_ref()
            .and_then(|flash| flash.answer().map(str::to_owned))
    }

    pub fn error(&self) -> Option<AppError> {
        self.0.as_ref().and_then(|flash| flash.error().cloned())
    }
}

#[cfg(feature = "ssr")]
fn from_request() -> Option<FormFlash> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<FormFlash>()
        .cloned()
}

#[cfg(not(feature = "ssr"))]
fn from_request() -> Option<FormFlash> {
    None
}
