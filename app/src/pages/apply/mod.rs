//! `/apply`: the workspace application wizard, or the status of the
//! submitted application.

mod status;
mod wizard;

use crate::api::application::get_my_application;
use crate::components::page::PageTitle;
use crate::components::session::RequireRole;
use crate::domain::Role;
use crate::model::application::MyApplication;
use leptos::prelude::*;

/// The server reads the merchant's application and renders the wizard or
/// the status; each is an island taking the application as a prop. What
/// changes the application (submit, withdraw, a new attempt) loads the page
/// again.
#[component]
pub fn ApplyPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Merchant>
            <MerchantApplication/>
        </RequireRole>
    }
}

#[component]
fn MerchantApplication() -> impl IntoView {
    let application = Resource::new(|| (), |_| get_my_application());
    let t = crate::i18n::texts().apply();
    view! {
        <PageTitle text=t.apply_title/>
        <div class="container page">
            <Transition fallback=move || view! { <p class="muted">{t.loading_application}</p> }>
                {move || Suspend::new(async move {
                    match application.await {
                        Ok(MyApplication::Draft(draft)) => view! { <wizard::Wizard draft/> }.into_any(),
                        Ok(MyApplication::Submitted(submission)) => {
                            view! { <status::StatusPage submission/> }.into_any()
                        }
                        Err(err) => view! {
                            <h1>{t.apply_title}</h1>
                            <p class="alert alert-error" role="alert">{err.to_string()}</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
