//! Step 2.2: Business Details.

use super::logo::{LogoField, LogoForms};
use super::state::WizardState;
use super::PreviousStep;
use crate::components::form::{clear_fixed_errors, error_for, show_error, CountryField, TextField};
use crate::domain::application::Step;
use crate::domain::DetailField as F;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn DetailsStep(
    state: WizardState,
    go_to: impl Fn(Step) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let errors = state.errors;
    let next = {
        let go_to = go_to.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            state.alert.set(None);
            if let Err(list) = state.details().validate() {
                show_error(AppError::Validation(list), errors, state.alert);
                return;
            }
            errors.set(Vec::new());
            busy.set(true);
            let go_to = go_to.clone();
            leptos::task::spawn_local(async move {
                let result = state.save(Step::Review).await;
                busy.set(false);
                match result {
                    Ok(()) => go_to(Step::Review),
                    Err(err) => show_error(err, errors, state.alert),
                }
            });
        }
    };
    clear_fixed_errors(errors, move || {
        state.track();
        state.details().validate().err().unwrap_or_default()
    });
    let flag = move |field: F| Signal::derive(move || state.still_flagged(field));
    let t = crate::i18n::texts().apply();
    let optional = crate::i18n::texts().common().optional;
    view! {
        <form class="card form wizard-form" method="post" action="/api/save_draft" novalidate on:submit=next>
            // Enter in a field submits with the form's first submit button: Next Step.
            <button type="submit" name="input[step]" value=Step::Review.slug() hidden tabindex="-1" aria-hidden="true"></button>
            <input type="hidden" name="input[version]" value=move || state.version.get().to_string()/>
            <input type="hidden" name="input[role_selected]" value="true"/>
            <p class="muted">{t.details_note}</p>
            <TextField id=F::CompanyName.name() name=F::CompanyName.form_name() label=F::CompanyName.label() value=state.company_name
                error=error_for(errors, F::CompanyName.name()) flagged=flag(F::CompanyName) autocomplete="organization" maxlength=100
                hint=t.company_name_hint/>
            <CountryField id=F::Country.name() name=F::Country.form_name() label=F::Country.label() value=state.country error=error_for(errors, F::Country.name()) flagged=flag(F::Country)/>
            <TextField id=F::Address.name() name=F::Address.form_name() label=F::Address.label() note=optional value=state.address
                error=error_for(errors, F::Address.name()) flagged=flag(F::Address) multiline=true maxlength=300 autocomplete="street-address"/>
            <LogoField state/>
            <TextField id=F::Website.name() name=F::Website.form_name() label=F::Website.label() note=optional value=state.website
                error=error_for(errors, F::Website.name()) flagged=flag(F::Website) input_type="url" autocomplete="url"
                hint=t.website_hint/>
            <TextField id=F::ContactNumber.name() name=F::ContactNumber.form_name() label=F::ContactNumber.label() note=optional value=state.contact_number
                error=error_for(errors, F::ContactNumber.name()) flagged=flag(F::ContactNumber) input_type="tel" autocomplete="tel"
                hint=t.contact_number_hint/>
            <TextField id=F::ContactEmail.name() name=F::ContactEmail.form_name() label=F::ContactEmail.label() note=optional value=state.contact_email
                error=error_for(errors, F::ContactEmail.name()) flagged=flag(F::ContactEmail) input_type="email" autocomplete="email"
                hint=t.contact_email_hint/>
            <div class="wizard-actions">
                <PreviousStep step=Step::Details go_to saves=true/>
                <button type="submit" class="button" name="input[step]" value=Step::Review.slug() disabled=move || busy.get()>{t.next_step}</button>
            </div>
        </form>
        <LogoForms/>
    }
}
