//! `/invitations/{token}`: an invitation to a workspace. Whoever opens it
//! sees which workspace and who invited them; the invited address joins
//! after logging in, or after creating an account with that address.

use crate::api::auth::Logout;
use crate::api::team::{invitation, AcceptInvitation};
use crate::components::flash::FormStart;
use crate::components::form::FormAlert;
use crate::components::page::Page;
use crate::components::session::{encode, UserSession};
use crate::domain::MemberRole;
use crate::model::workspace::{invalid_invitation, InvitationView, Invitee};
use leptos::prelude::*;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let token_in_path =
        StoredValue::new(crate::components::nav::path_param("token").unwrap_or_default());
    let token = move || token_in_path.get_value();
    let details = Resource::new(token, invitation);
    let t = crate::i18n::texts().team();
    view! {
        <Page title=t.join_title lead=t.join_lead narrow=true>
            <Suspense fallback=move || view! { <p class="muted">{t.checking_invitation}</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(Some(view)) => view! { <Invitation view token=token()/> }.into_any(),
                        Ok(None) => view! {
                            <div class="card">
                                <p class="alert alert-error" role="alert">{invalid_invitation()}</p>
                                <p><a href="/">{crate::i18n::texts().common().go_home}</a></p>
                            </div>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[island(lazy)]
fn Invitation(view: InvitationView, token: String) -> impl IntoView {
    let t = crate::i18n::texts().team();
    let role = match view.role {
        MemberRole::Owner => t.an_owner,
        MemberRole::Member => t.a_member,
    };
    let here = format!("/invitations/{token}");
    let invited = view.email.clone();
    let next_step = match view.viewer {
        Invitee::Anonymous => {
            let signup = format!("/signup?email={}&next={}", encode(&invited), encode(&here));
            let login = format!("/login?next={}", encode(&here));
            view! {
                <p>{(t.join_how)(&invited)}</p>
                <div class="button-row">
                    <a href=login class="button">{t.log_in_to_join}</a>
                    <a href=signup class="button button-secondary">{t.create_account}</a>
                </div>
            }
            .into_any()
        }
        Invitee::Invited => view! { <AcceptForm token/> }.into_any(),
        Invitee::Reviewer => view! {
            <p class="alert alert-error" role="alert">{t.reviewer_cannot_join}</p>
        }
        .into_any(),
        Invitee::OtherAccount { email } => view! { <SwitchAccount invited email here/> }.into_any(),
    };
    view! {
        <div class="card invitation">
            <p class="eyebrow">{t.invitation}</p>
            <h2>{view.workspace.clone()}</h2>
            <p>{(t.invited_as)(&view.invited_by, &view.email, role)}</p>
            {next_step}
        </div>
    }
}

#[component]
fn AcceptForm(token: String) -> impl IntoView {
    let (_, alert) = FormStart::for_endpoint("accept_invitation").messages();
    let accept = ServerAction::<AcceptInvitation>::new();
    let session = UserSession::get();
    let posted = token.clone();
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(next)) => session.reload_then_go(next),
        Some(Err(err)) => alert.set(Some(err.plain_message())),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        accept.dispatch(AcceptInvitation {
            token: posted.clone(),
        });
    };
    view! {
        <form method="post" action="/api/accept_invitation" on:submit=on_submit>
            <FormAlert message=alert/>
            <input type="hidden" name="token" value=token/>
            <button type="submit" class="button" disabled=move || accept.pending().get()>{crate::i18n::texts().team().join_workspace}</button>
        </form>
    }
}

/// Another account is logged in: log out here and come back to the link.
#[component]
fn SwitchAccount(invited: String, email: String, here: String) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let next = format!("/login?next={}", encode(&here));
    let after = next.clone();
    let t = crate::i18n::texts().team();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // A full page load: nothing of the previous account stays in memory.
            let _ = window().location().set_href(&after);
        }
    });
    view! {
        <p class="alert alert-error" role="alert">{(t.other_account)(&email, &invited)}</p>
        <form method="post" action="/api/logout" on:submit=move |ev| {
            ev.prevent_default();
            logout.dispatch(Logout {});
        }>
            <input type="hidden" name="next" value=next/>
            <button type="submit" class="button button-secondary">{t.log_out_and_continue}</button>
        </form>
    }
}
