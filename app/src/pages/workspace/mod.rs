//! The workspace: its home, its Members page and the invitation link.

pub mod invitation;
pub mod members;

use crate::api::workspace::my_workspace;
use crate::components::logo::Logo;
use crate::components::session::RequireRole;
use crate::components::zone::ReaderZone;
use crate::domain::{MemberRole, Role};
use crate::model::workspace::{Removal, WorkspaceState, WorkspaceView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

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
    // While provisioning runs, look again every second (browser only), until
    // the page is left.
    let alive = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    on_cleanup({
        let alive = alive.clone();
        move || alive.store(false, std::sync::atomic::Ordering::Relaxed)
    });
    Effect::new(move |_| {
        if let Some(Ok(WorkspaceState::SettingUp)) = workspace.get() {
            let alive = alive.clone();
            leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(1_000).await;
                if alive.load(std::sync::atomic::Ordering::Relaxed) {
                    workspace.refetch();
                }
            });
        }
    });
    view! {
        <Title text="Your workspace"/>
        <div class="container page">
            <Transition fallback=|| view! { <p class="muted">"Loading your workspace…"</p> }>
                {move || Suspend::new(async move {
                    match workspace.await {
                        Ok(WorkspaceState::Ready(view)) => view! { <Home workspace=view/> }.into_any(),
                        Ok(WorkspaceState::SettingUp) => view! {
                            <h1>"Setting up your workspace…"</h1>
                            <p class="lead" role="status">"Your application was approved. We are creating your workspace; this page updates by itself."</p>
                            <div class="spinner" aria-hidden="true"></div>
                        }
                        .into_any(),
                        Ok(WorkspaceState::NotApproved { removed }) => view! {
                            <h1>"Your workspace"</h1>
                            {removed.map(|removal| view! { <RemovedNotice removal/> })}
                            <p class="lead">"Your workspace is created once your application is approved."</p>
                            <A href="/apply" attr:class="button">"Go to your application"</A>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Told on the next visit after an Owner removed this account.
#[component]
fn RemovedNotice(removal: Removal) -> impl IntoView {
    view! {
        <div class="alert alert-info" role="status">
            <p>{format!(
                "You are no longer a member of the workspace “{}”: {} removed you on {}.",
                removal.workspace,
                removal.by,
                ReaderZone::get().date(removal.at).long()
            )}</p>
        </div>
    }
}

#[component]
fn Home(workspace: WorkspaceView) -> impl IntoView {
    view! {
        <div class="workspace-head">
            <Logo name=workspace.name.clone() logo_id=workspace.logo_id.clone() color=workspace.logo_color size="large"/>
            <div>
                <p class="eyebrow">"Workspace"</p>
                <h1>{workspace.name.clone()}</h1>
                <p class="muted">{format!("Your role: {}", workspace.role.label())}</p>
            </div>
        </div>
        <h2>"Your team"</h2>
        <ul class="step-cards">
            <li class="card">
                <h3><A href="/workspace/members">"Members"</A></h3>
                <p>{match workspace.role {
                    MemberRole::Owner => "See who is in the workspace, invite colleagues by email and choose who else is an Owner.",
                    MemberRole::Member => "See who is in the workspace and who its Owners are.",
                }}</p>
            </li>
        </ul>
        <h2>"Get started"</h2>
        <ul class="step-cards">
            <li class="card">
                <h3><A href="/guides/platform-users-guide">"Platform User's Guide"</A></h3>
                <p>"What your workspace does today: its members and their roles, your account, and what comes later."</p>
            </li>
            <li class="card">
                <h3><A href="/guides/video-tutorial">"Video Tutorial: Getting Started with Mini Programs"</A></h3>
                <p>"A written walkthrough with screenshots, from your approval to your first colleague joining. The video comes later."</p>
            </li>
            <li class="card">
                <h3><A href="/guides/developers-guide">"Developer's Guide"</A></h3>
                <p>"What developers on your team can do in the portal today, and what building mini programs here will add."</p>
            </li>
        </ul>
    }
}
