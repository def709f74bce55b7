//! The workspace: its home, its Members page and the invitation link.

pub mod invitation;
pub mod members;

use crate::api::workspace::my_workspace;
use crate::components::logo::Logo;
use crate::components::page::PageTitle;
use crate::components::session::RequireRole;
use crate::components::zone::ReaderZone;
use crate::domain::{MemberRole, Role};
use crate::model::workspace::{Removal, WorkspaceState, WorkspaceView};
use leptos::prelude::*;

/// The workspace home of an approved merchant; while the workspace is being
/// created it says so and checks again by itself.
#[component]
pub fn WorkspacePage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Merchant>
            <WorkspaceHome/>
        </RequireRole>
    }
}

#[component]
fn WorkspaceHome() -> impl IntoView {
    let workspace = Resource::new(|| (), |_| my_workspace());
    let t = crate::i18n::texts().apply();
    view! {
        <PageTitle text=t.workspace_title/>
        <div class="container page">
            <Transition fallback=move || view! { <p class="muted">{t.loading_workspace}</p> }>
                {move || Suspend::new(async move {
                    match workspace.await {
                        Ok(WorkspaceState::Ready(view)) => view! { <Home workspace=view/> }.into_any(),
                        Ok(WorkspaceState::SettingUp) => view! {
                            <h1>{t.setting_up}</h1>
                            <p class="lead" role="status">{t.setting_up_lead}</p>
                            <div class="spinner" aria-hidden="true"></div>
                            <CheckAgain/>
                        }
                        .into_any(),
                        Ok(WorkspaceState::NotApproved { removed }) => view! {
                            <h1>{t.workspace_title}</h1>
                            {removed.map(|removal| view! { <RemovedNotice removal/> })}
                            <p class="lead">{t.not_approved_lead}</p>
                            <a href="/apply" class="button">{t.go_to_application}</a>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// While provisioning runs, looks again every second (in the browser), and
/// loads the page again once the workspace is there.
#[island(lazy)]
fn CheckAgain() -> impl IntoView {
    crate::components::fresh::reload_when("/workspace", || async {
        !matches!(my_workspace().await, Ok(WorkspaceState::SettingUp))
    });
}

/// Told on the next visit after an Owner removed this account.
#[component]
fn RemovedNotice(removal: Removal) -> impl IntoView {
    view! {
        <div class="alert alert-info" role="status">
            <p>{(crate::i18n::texts().apply().removed_notice)(
                &removal.workspace,
                &removal.by,
                &ReaderZone::get().date(removal.at).long(),
            )}</p>
        </div>
    }
}

#[component]
fn Home(workspace: WorkspaceView) -> impl IntoView {
    let t = crate::i18n::texts().apply();
    view! {
        <div class="workspace-head">
            <Logo name=workspace.name.clone() logo_id=workspace.logo_id.clone() color=workspace.logo_color size="large"/>
            <div>
                <p class="eyebrow">{t.workspace_eyebrow}</p>
                <h1>{workspace.name.clone()}</h1>
                <p class="muted">{(t.your_role)(workspace.role.label())}</p>
            </div>
        </div>
        <h2>{t.your_team}</h2>
        <ul class="step-cards">
            <li class="card">
                <h3><a href="/workspace/members">{t.members}</a></h3>
                <p>{match workspace.role {
                    MemberRole::Owner => t.members_owner_text,
                    MemberRole::Member => t.members_member_text,
                }}</p>
            </li>
        </ul>
        <h2>{t.get_started}</h2>
        <ul class="step-cards">
            <li class="card">
                <h3><a href="/guides/platform-users-guide">{t.users_guide}</a></h3>
                <p>{t.users_guide_text}</p>
            </li>
            <li class="card">
                <h3><a href="/guides/video-tutorial">{t.video_tutorial}</a></h3>
                <p>{t.video_tutorial_text}</p>
            </li>
            <li class="card">
                <h3><a href="/guides/developers-guide">{t.developers_guide}</a></h3>
                <p>{t.developers_guide_text}</p>
            </li>
        </ul>
    }
}
