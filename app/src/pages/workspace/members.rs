//! `/workspace/members`: the team, pending invitations and recent changes.
//! Owners invite people and manage roles; anyone may leave. Every action
//! is a plain form (it works before the wasm arrives); hydrated, it runs
//! in place and the list reloads.

use crate::api::team::{
    workspace_team, ChangeMemberRole, InviteMember, LeaveWorkspace, RemoveMember, ResendInvitation,
    RevokeInvitation,
};
use crate::components::flash::FormStart;
use crate::components::form::{
    error_for, focus, keep_typed, send_if_valid, show_error, FieldErrorMessage, FormAlert,
    TextField,
};
use crate::components::fresh::kept_fresh;
use crate::components::page::PageTitle;
use crate::components::session::{RequireRole, UserSession};
use crate::components::zone::ReaderZone;
use crate::domain::member_role::parse_invitation;
use crate::domain::{MemberRole, Role};
use crate::error::{AppError, FieldError};
use crate::model::workspace::{InvitationEntry, MemberEntry, TeamView};
use leptos::prelude::*;

#[component]
pub fn MembersPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Merchant>
            <MembersRead/>
        </RequireRole>
    }
}

/// The server reads the team; the island gets it as a prop.
#[component]
fn MembersRead() -> impl IntoView {
    let team = Resource::new(|| (), |_| workspace_team());
    view! {
        <Suspense>
            {move || Suspend::new(async move { view! { <Members initial=team.await/> } })}
        </Suspense>
    }
}

// What each action says when it has worked (hydrated, or posted plainly).
fn sent_again() -> &'static str {
    crate::i18n::texts().team().sent_again
}
fn withdrawn() -> &'static str {
    crate::i18n::texts().team().withdrawn
}
fn role_changed() -> &'static str {
    crate::i18n::texts().team().role_changed
}
fn removed() -> &'static str {
    crate::i18n::texts().team().removed
}

/// The team's actions, and what the last one said.
#[derive(Clone, Copy)]
struct Actions {
    invite: ServerAction<InviteMember>,
    resend: ServerAction<ResendInvitation>,
    revoke: ServerAction<RevokeInvitation>,
    change: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
    leave: ServerAction<LeaveWorkspace>,
    /// A refusal of any action but the invitation form's own fields.
    alert: RwSignal<Option<String>>,
    /// What the last action did.
    notice: RwSignal<Option<String>>,
    /// The invitation form: owned by the page, so reloading the team after
    /// an action keeps what is typed and its messages.
    invitee: Invitee,
}

#[derive(Clone, Copy)]
struct Invitee {
    email: RwSignal<String>,
    role: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    alert: RwSignal<Option<String>>,
}

impl Invitee {
    /// Starts with what a post made without JavaScript was refused for.
    fn new() -> Invitee {
        let start = FormStart::for_endpoint("invite_member");
        let refused = start.error().is_some();
        let (errors, alert) = start.messages();
        let posted_role = start.value("role");
        Invitee {
            email: RwSignal::new(if refused {
                start.value("email")
            } else {
                String::new()
            }),
            role: RwSignal::new(if refused && !posted_role.is_empty() {
                posted_role
            } else {
                MemberRole::Member.as_str().to_owned()
            }),
            errors,
            alert,
        }
    }
}

impl Actions {
    fn new() -> Actions {
        // A form posted without JavaScript comes back with its answer.
        let posted = [
            ("resend_invitation", sent_again()),
            ("revoke_invitation", withdrawn()),
            ("change_member_role", role_changed()),
            ("remove_member", removed()),
            ("leave_workspace", ""),
        ];
        let mut alert = None;
        let mut notice = None;
        for (endpoint, done) in posted {
            let start = FormStart::for_endpoint(endpoint);
            if let Some(err) = start.error() {
                alert = Some(message_of(&err));
            } else if start.answer().is_some() && !done.is_empty() {
                notice = Some(done.to_owned());
            }
        }
        if FormStart::for_endpoint("invite_member").answer().is_some() {
            notice = Some(crate::i18n::texts().team().invitation_sent.to_owned());
        }
        Actions {
            invite: ServerAction::new(),
            resend: ServerAction::new(),
            revoke: ServerAction::new(),
            change: ServerAction::new(),
            remove: ServerAction::new(),
            leave: ServerAction::new(),
            alert: RwSignal::new(alert),
            notice: RwSignal::new(notice),
            invitee: Invitee::new(),
        }
    }

    /// Changes whenever an action succeeded: the team is loaded again then.
    fn version(&self) -> usize {
        self.invite.version().get()
            + self.resend.version().get()
            + self.revoke.version().get()
            + self.change.version().get()
            + self.remove.version().get()
    }

    /// Shows the outcome of an action that has no fields of its own.
    fn answer(&self, result: Option<Result<(), AppError>>, done: &str) {
        match result {
            Some(Ok(())) => self.done(done.to_owned()),
            Some(Err(err)) => {
                self.notice.set(None);
                self.alert.set(Some(message_of(&err)));
            }
            None => {}
        }
    }
}

impl Actions {
    /// Says what an action did; the focus goes to the message, since the
    /// control that was used is rendered anew with the reloaded team.
    fn done(&self, message: String) {
        self.alert.set(None);
        self.notice.set(Some(message));
        request_animation_frame(|| focus("team-notice"));
    }
}

fn message_of(err: &AppError) -> String {
    match err {
        AppError::Forbidden => crate::i18n::texts().team().only_owner_can.into(),
        AppError::NotFound => crate::i18n::texts().team().no_longer_member.into(),
        other => other.plain_message(),
    }
}

#[island(lazy)]
fn Members(initial: Result<TeamView, AppError>) -> impl IntoView {
    let actions = Actions::new();
    let team = kept_fresh(initial, move || actions.version(), |_| workspace_team());
    let session = UserSession::get();
    Effect::new(move |_| actions.answer(actions.resend.value().get(), sent_again()));
    Effect::new(move |_| actions.answer(actions.revoke.value().get(), withdrawn()));
    Effect::new(move |_| actions.answer(actions.change.value().get(), role_changed()));
    Effect::new(move |_| actions.answer(actions.remove.value().get(), removed()));
    let Invitee {
        email,
        role,
        errors,
        alert,
    } = actions.invitee;
    Effect::new(move |_| match actions.invite.value().get() {
        Some(Ok(())) => {
            actions.done((crate::i18n::texts().team().sent_to)(
                email.get_untracked().trim(),
            ));
            email.set(String::new());
            role.set(MemberRole::Member.as_str().to_owned());
            errors.set(Vec::new());
            alert.set(None);
        }
        Some(Err(err)) => show_error(err, errors, alert),
        None => {}
    });
    Effect::new(move |_| match actions.leave.value().get() {
        Some(Ok(next)) => session.reload_then_go(next),
        Some(Err(err)) => actions.answer(Some(Err(err)), ""),
        None => {}
    });
    let is_owner =
        Memo::new(move |_| team.with(|t| matches!(t, Ok(v) if v.my_role == MemberRole::Owner)));
    let is_member = Memo::new(move |_| team.with(Result::is_ok));
    let t = crate::i18n::texts().team();
    view! {
        <PageTitle text=t.members/>
        <div class="container page">
            <p class="breadcrumb"><a href="/workspace">{t.your_workspace}</a></p>
            <h1>{t.members}</h1>
            {move || actions.alert.get().map(|message| view! { <p class="alert alert-error" role="alert">{message}</p> })}
            {move || actions.notice.get().map(|message| view! { <p class="alert alert-success" role="status" id="team-notice" tabindex="-1">{message}</p> })}
            {move || {
                    match team.get() {
                        Ok(view) => view! { <Team view actions/> }.into_any(),
                        Err(AppError::NotFound) => view! {
                            <div class="card">
                                <p>{t.not_a_member}</p>
                                <p><a href="/workspace">{t.go_to_workspace_page}</a></p>
                            </div>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                }}
            // The forms hold what the user typed: they stay in place while
            // the team around them is fetched again, and change only with
            // the user's role (rebuilding them on each refresh reset the
            // fields, to "undefined" in a debug build).
            <Show when=move || is_owner.get()><InviteForm actions/></Show>
            {move || team.get().ok().map(|view| view! { <TeamHistory view actions/> })}
            <Show when=move || is_member.get()><LeaveForm actions/></Show>
        </div>
    }
}

#[component]
fn Team(view: TeamView, actions: Actions) -> impl IntoView {
    let owner = view.my_role == MemberRole::Owner;
    let people = view.members.len();
    let t = crate::i18n::texts().team();
    let lead = (t.team_lead)(people, &view.workspace);
    let me = view.me;
    let owners = view
        .members
        .iter()
        .filter(|m| m.role == MemberRole::Owner)
        .count();
    let members = view.members;
    view! {
        <p class="lead">{lead}</p>
        <section aria-labelledby="team-title">
            <h2 id="team-title">{t.team}</h2>
            <div class="table-wrap card">
                <table class="team">
                    <thead>
                        <tr>
                            <th scope="col">{t.email}</th>
                            <th scope="col">{t.role}</th>
                            <th scope="col">{t.joined}</th>
                            {owner.then(|| view! { <th scope="col">{t.actions}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {members.into_iter().map(|member| {
                            let only_owner = owners == 1 && member.role == MemberRole::Owner;
                            view! { <MemberRow member me owner only_owner actions/> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The team's pending invitations and recent changes.
#[component]
fn TeamHistory(view: TeamView, actions: Actions) -> impl IntoView {
    let owner = view.my_role == MemberRole::Owner;
    let TeamView {
        invitations,
        changes,
        ..
    } = view;
    let t = crate::i18n::texts().team();
    view! {
        {(!invitations.is_empty()).then(|| view! { <Invitations invitations owner actions/> })}
        {(!changes.is_empty()).then(|| view! {
            <section aria-labelledby="changes-title">
                <h2 id="changes-title">{t.recent_changes}</h2>
                <ol class="card team-changes">
                    {changes.into_iter().map(|change| view! {
                        <li><span>{change.text}</span>" "<span class="muted">{ReaderZone::get().date_time(change.at)}</span></li>
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
}

#[component]
fn MemberRow(
    member: MemberEntry,
    me: i64,
    owner: bool,
    /// Whether this member is the workspace's only Owner (who cannot step down).
    only_owner: bool,
    actions: Actions,
) -> impl IntoView {
    let MemberEntry {
        user_id,
        email,
        role,
        joined_at,
    } = member;
    let yourself = user_id == me;
    let target = match role {
        MemberRole::Owner => MemberRole::Member,
        MemberRole::Member => MemberRole::Owner,
    };
    let t = crate::i18n::texts().team();
    let for_whom = (t.for_whom)(&email);
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.change.dispatch(ChangeMemberRole {
            user_id,
            role: target.as_str().to_owned(),
        });
    };
    let confirm_removal = (t.confirm_removal)(&email);
    let remove = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirmed(&confirm_removal) {
            actions.remove.dispatch(RemoveMember { user_id });
        }
    };
    view! {
        <tr>
            <td><span>{email.clone()}</span>{yourself.then(|| view! { <span class="badge badge-info">{t.you}</span> })}</td>
            <td>{role.label()}</td>
            <td>{ReaderZone::get().date(joined_at).long()}</td>
            {owner.then(|| view! {
                <td class="row-actions">
                    {(!only_owner).then(|| view! {
                        <form method="post" action="/api/change_member_role" on:submit=change>
                            <input type="hidden" name="user_id" value=user_id/>
                            <input type="hidden" name="role" value=target.as_str()/>
                            <button type="submit" class="button button-small button-secondary" disabled=move || actions.change.pending().get()>
                                {(t.make_role)(target.label())}<span class="visually-hidden">{for_whom.clone()}</span>
                            </button>
                        </form>
                    })}
                    {only_owner.then(|| view! { <span class="muted">{t.the_only_owner}</span> })}
                    {(!yourself).then(|| view! {
                        <form method="post" action="/api/remove_member" on:submit=remove>
                            <input type="hidden" name="user_id" value=user_id/>
                            <button type="submit" class="button button-small button-secondary" disabled=move || actions.remove.pending().get()>
                                {t.remove}<span class="visually-hidden">{for_whom.clone()}</span>
                            </button>
                        </form>
                    })}
                </td>
            })}
        </tr>
    }
}

/// Asks before a step that cannot be undone (in the browser; a form posted
/// before the wasm arrived goes straight through).
fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|window| window.confirm_with_message(question).ok())
        .unwrap_or(true)
}

#[component]
fn InviteForm(actions: Actions) -> impl IntoView {
    let Invitee {
        email,
        role,
        errors,
        alert,
    } = actions.invitee;
    let invite = actions.invite;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let (raw_email, raw_role) = (email.get_untracked(), role.get_untracked());
        send_if_valid(
            &ev,
            parse_invitation(&raw_email, &raw_role),
            errors,
            alert,
            || {
                invite.dispatch(InviteMember {
                    email: raw_email,
                    role: raw_role,
                });
            },
        );
    };
    let role_error = error_for(errors, "role");
    let t = crate::i18n::texts().team();
    view! {
        <section aria-labelledby="invite-title">
            <h2 id="invite-title">{t.invite_someone}</h2>
            <form class="card form invite-form" method="post" action="/api/invite_member" novalidate on:submit=on_submit>
                <FormAlert message=alert/>
                <TextField id="email" name="email" label=t.email value=email error=error_for(errors, "email")
                    input_type="email" autocomplete="off"
                    hint=t.invite_email_hint/>
                <div class="field">
                    <label for="role">{t.role}</label>
                    <select use:keep_typed=role id="role" name="role"
                        prop:value=move || role.get()
                        on:change=move |ev| role.set(event_target_value(&ev))
                        aria-invalid=move || role_error.get().is_some().then_some("true")
                        aria-describedby="role-hint">
                        {MemberRole::ALL.into_iter().map(|option| view! {
                            <option value=option.as_str() selected=role.get_untracked() == option.as_str()>{option.label()}</option>
                        }).collect_view()}
                    </select>
                    <p class="hint" id="role-hint">{t.role_hint}</p>
                    <FieldErrorMessage id="role-error".into() error=role_error/>
                </div>
                <button type="submit" class="button" disabled=move || invite.pending().get()>{t.send_invitation}</button>
            </form>
        </section>
    }
}

#[component]
fn Invitations(invitations: Vec<InvitationEntry>, owner: bool, actions: Actions) -> impl IntoView {
    let t = crate::i18n::texts().team();
    view! {
        <section aria-labelledby="invitations-title">
            <h2 id="invitations-title">{t.pending_invitations}</h2>
            <div class="table-wrap card">
                <table class="team">
                    <thead>
                        <tr>
                            <th scope="col">{t.email}</th>
                            <th scope="col">{t.role}</th>
                            <th scope="col">{t.sent}</th>
                            {owner.then(|| view! { <th scope="col">{t.actions}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {invitations.into_iter().map(|invitation| view! { <InvitationRow invitation owner actions/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn InvitationRow(invitation: InvitationEntry, owner: bool, actions: Actions) -> impl IntoView {
    let InvitationEntry {
        id,
        email,
        role,
        sent_at,
        invited_by,
        expires_at,
        expired,
        ..
    } = invitation;
    let t = crate::i18n::texts().team();
    let for_whom = (t.for_whom)(&email);
    let resend = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.resend.dispatch(ResendInvitation { id });
    };
    let revoke = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.revoke.dispatch(RevokeInvitation { id });
    };
    let status = if expired {
        t.expired_resend.to_owned()
    } else {
        (t.link_until)(&ReaderZone::get().date_time(expires_at))
    };
    view! {
        <tr>
            <td>{email.clone()}{expired.then(|| view! { <span class="badge badge-danger">{t.expired}</span> })}</td>
            <td>{role.label()}</td>
            <td>
                {(t.sent_by)(&ReaderZone::get().date_time(sent_at), &invited_by)}
                <br/><span class="muted">{status}</span>
            </td>
            {owner.then(|| view! {
                <td class="row-actions">
                    <form method="post" action="/api/resend_invitation" on:submit=resend>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button button-small button-secondary" disabled=move || actions.resend.pending().get()>
                            {t.send_again}<span class="visually-hidden">{for_whom.clone()}</span>
                        </button>
                    </form>
                    <form method="post" action="/api/revoke_invitation" on:submit=revoke>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button button-small button-secondary" disabled=move || actions.revoke.pending().get()>
                            {t.withdraw}<span class="visually-hidden">{for_whom.clone()}</span>
                        </button>
                    </form>
                </td>
            })}
        </tr>
    }
}

#[component]
fn LeaveForm(actions: Actions) -> impl IntoView {
    let leave = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirmed(crate::i18n::texts().team().leave_confirm) {
            actions.leave.dispatch(LeaveWorkspace {});
        }
    };
    let t = crate::i18n::texts().team();
    view! {
        <section aria-labelledby="leave-title">
            <h2 id="leave-title">{t.leave_title}</h2>
            <form class="card" method="post" action="/api/leave_workspace" on:submit=leave>
                <p>{t.leave_text}</p>
                <button type="submit" class="button button-secondary" disabled=move || actions.leave.pending().get()>{t.leave_workspace}</button>
            </form>
        </section>
    }
}
