//! Form fields with their label, hint and error tied together for
//! assistive technology, and the helpers forms share.

use crate::error::{AppError, FieldError};
use leptos::prelude::*;

/// The message for `field` among `errors`, as a signal.
pub fn error_for(errors: RwSignal<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    })
}

/// Moves keyboard focus to the element with `id` (the first invalid field).
pub fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Shows field errors next to their fields and focuses the first; any other
/// error goes to the form's alert.
pub fn show_error(
    err: AppError,
    errors: RwSignal<Vec<FieldError>>,
    alert: RwSignal<Option<String>>,
) {
    let (fields, general) = err.form_messages();
    if let Some(first) = fields.first() {
        focus(&first.field);
    }
    alert.set(general);
    errors.set(fields);
}

/// As the user types, drops the message of a field once its value passes
/// the form's own check (`check` runs it over the current values). Only a
/// field that check found wrong before is cleared: the server's own
/// refusals (a wrong code) stand until the next submit, and no message is
/// ever added here.
pub fn clear_fixed_errors(
    errors: RwSignal<Vec<FieldError>>,
    check: impl Fn() -> Vec<FieldError> + Send + Sync + 'static,
) {
    Effect::new(move |wrong_before: Option<Vec<String>>| {
        let wrong_now: Vec<String> = check().into_iter().map(|e| e.field).collect();
        let fixed: Vec<&String> = wrong_before
            .iter()
            .flatten()
            .filter(|field| !wrong_now.contains(field))
            .collect();
        if errors.with_untracked(|list| list.iter().any(|e| fixed.contains(&&e.field))) {
            errors.update(|list| list.retain(|e| !fixed.contains(&&e.field)));
        }
        wrong_now
    });
}

/// The browser's check as a form is submitted: the browser's own post is
/// replaced by a server function call, and the form's problems are shown
/// next to their fields (nothing is sent), or old messages are cleared and
/// `send` runs. The server checks again with the same code.
pub fn send_if_valid<T>(
    ev: &leptos::ev::SubmitEvent,
    checked: Result<T, Vec<FieldError>>,
    errors: RwSignal<Vec<FieldError>>,
    alert: RwSignal<Option<String>>,
    send: impl FnOnce(),
) {
    ev.prevent_default();
    alert.set(None);
    match checked {
        Err(list) => show_error(AppError::Validation(list), errors, alert),
        Ok(_) => {
            errors.set(Vec::new());
            send();
        }
    }
}

/// A directive for a field whose screen hydrates after it is shown: a
/// lazily loaded screen (the wizard, the account page…) is rendered by the
/// server and hydrated only once its own wasm chunk arrives, and a field
/// filled in meanwhile shows the text while its signal is still the
/// rendered value. Before the element's `prop:value` (so list it first), the
/// signal takes what the user typed: the element's value where it differs
/// from the rendered default. On a freshly built element the two are equal.
pub fn keep_typed(el: leptos::tachys::renderer::types::Element, value: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let typed = if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            (input.value() != input.default_value()).then(|| input.value())
        } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            (Ok(area.value()) != area.default_value()).then(|| area.value())
        } else {
            // A select has no default value of its own; its first option is
            // the empty "Select…" one, so a non-empty value was chosen.
            el.dyn_ref::<web_sys::HtmlSelectElement>()
                .map(|select| select.value())
                .filter(|chosen| !chosen.is_empty())
        };
        if let Some(typed) = typed.filter(|typed| value.with_untracked(|v| v != typed)) {
            value.set(typed);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (el, value);
}

/// [`keep_typed`] for a checkbox: if the user ticked or unticked it before
/// the screen hydrated, `set` is told the box's state.
pub fn keep_ticked<F>(el: leptos::tachys::renderer::types::Element, set: F)
where
    F: Fn(bool) + Clone + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            if input.checked() != input.default_checked() {
                set(input.checked());
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (el, set);
}

/// A labelled text input. `id` is also the field's name in error lists.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    /// The form field name, for posts made before the page is interactive.
    name: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] hint: Option<&'static str>,
    /// Rendered beside the input (e.g. a Send Code button).
    #[prop(optional)]
    addon: Option<ChildrenFn>,
    /// A multi-line text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// Shown after the label, e.g. "(optional)".
    #[prop(optional)]
    note: Option<&'static str>,
    /// While true, the field says the reviewer asked for a change.
    #[prop(optional)]
    flagged: Option<Signal<bool>>,
    /// Shown but not editable (an address an invitation fixed).
    #[prop(optional)]
    readonly: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let flag_id = format!("{id}-flagged");
    // Every field is required unless its label says "(optional)".
    let required = note.is_none();
    let is_flagged = move || flagged.is_some_and(|f| f.get());
    let described_by = {
        let (hint_id, error_id, flag_id) = (hint_id.clone(), error_id.clone(), flag_id.clone());
        move || {
            let mut ids = Vec::new();
            if is_flagged() {
                ids.push(flag_id.clone());
            }
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input = if multiline {
        view! {
                    <textarea
                        use:keep_typed=value
                        id=id
                        name=name
                        rows="3"
                        maxlength=maxlength
                        // The initial text is server-rendered; later changes go through the property.
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-required=required.then_some("true")
                        aria-describedby=described_by.clone()
        >{value.get_untracked()}</textarea>
                }
        .into_any()
    } else {
        view! {
        <input
            use:keep_typed=value
            id=id
            name=name
            type=input_type
            autocomplete=autocomplete
            inputmode=inputmode
            maxlength=maxlength
            readonly=readonly
            // The attribute carries the value into server-rendered HTML; the property keeps it in step.
            value=value.get_untracked()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
            aria-invalid=move || error.get().is_some().then_some("true")
            aria-required=required.then_some("true")
            aria-describedby=described_by
        />
        }
        .into_any()
    };
    view! {
        <div class="field" class:flagged=is_flagged>
            <label for=id>{label}{note.map(|n| view! { <span class="optional">{format!(" {n}")}</span> })}</label>
            <FlagNote id=flag_id shown=Signal::derive(is_flagged)/>
            {match addon {
                Some(addon) => view! { <div class="input-with-button">{input}{addon()}</div> }.into_any(),
                None => input.into_any(),
            }}
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <FieldErrorMessage id=error_id error/>
        </div>
    }
}

/// The account's email, in the signup and login forms.
#[component]
pub fn AccountEmailField(
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    /// The address an invitation was sent to: shown, not editable.
    #[prop(optional)]
    fixed: bool,
) -> impl IntoView {
    let t = crate::i18n::texts().common();
    let hint = fixed.then_some(t.invitation_address_hint);
    match hint {
        Some(hint) => view! {
            <TextField id="email" name="input[email]" label=t.email value error=error_for(errors, "email")
                input_type="email" autocomplete="email" readonly=true hint/>
        }
        .into_any(),
        None => view! {
            <TextField id="email" name="input[email]" label=t.email value error=error_for(errors, "email")
                input_type="email" autocomplete="email"/>
        }
        .into_any(),
    }
}

/// "I have read and agree to the Terms of Service", as signup and the
/// acceptance of new terms ask it; the error (field `accept_terms`) is
/// tied to the box.
#[component]
pub fn TermsCheckbox(
    name: &'static str,
    checked: RwSignal<bool>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let error = error_for(errors, "accept_terms");
    let t = crate::i18n::texts().common();
    view! {
        <div class="field checkbox">
            <input
                use:keep_ticked=move |on| checked.set(on)
                id="accept_terms"
                name=name
                type="checkbox"
                value="true"
                // The attribute for the server's render, the property after.
                checked=checked.get_untracked()
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-required="true"
                aria-describedby=move || error.get().is_some().then_some("accept_terms-error")
            />
            <label for="accept_terms">
                {t.terms_agree_before} <a href="/terms">{t.terms_of_service}</a>
            </label>
            <FieldErrorMessage id="accept_terms-error".into() error/>
        </div>
    }
}

/// The note on a field the reviewer flagged in a rejected submission.
#[component]
pub fn FlagNote(id: String, shown: Signal<bool>) -> impl IntoView {
    move || {
        shown
            .get()
            .then(|| view! { <p class="flag-note" id=id.clone()>{crate::i18n::texts().common().reviewer_flagged}</p> })
    }
}

/// The error under a field; `role="alert"` so screen readers announce it.
#[component]
pub fn FieldErrorMessage(id: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        {move || error.get().map(|message| view! { <p class="error" id=id.clone() role="alert">{message}</p> })}
    }
}

/// The form-level alert (errors that belong to no single field).
#[component]
pub fn FormAlert(message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        {move || message.get().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
    }
}

/// A labelled select of countries and regions (ISO 3166-1).
#[component]
pub fn CountryField(
    id: &'static str,
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    /// While true, the field says the reviewer asked for a change.
    #[prop(optional)]
    flagged: Option<Signal<bool>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let flag_id = format!("{id}-flagged");
    let is_flagged = move || flagged.is_some_and(|f| f.get());
    let described_by = {
        let (error_id, flag_id) = (error_id.clone(), flag_id.clone());
        move || {
            let mut ids = Vec::new();
            if is_flagged() {
                ids.push(flag_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:flagged=is_flagged>
            <label for=id>{label}</label>
            <FlagNote id=flag_id shown=Signal::derive(is_flagged)/>
            <select
                use:keep_typed=value
                id=id
                name=name
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-required="true"
                aria-describedby=described_by
            >
                <option value="">{crate::i18n::texts().common().select_country}</option>
                {crate::domain::countries::countries_in(crate::i18n::locale())
                    .iter()
                    .map(|(code, country)| {
                        view! { <option value=*code selected=move || value.get() == *code>{*country}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldErrorMessage id=error_id error/>
        </div>
    }
}
