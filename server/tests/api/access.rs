//! The access-control matrix: every registered server function × every kind
//! of caller, with the answer each must get. The list of functions comes
//! from the server itself, so a new endpoint without an entry here fails.

use crate::helpers::{
    logged_in, new_client, spawn_app, Backend, TestApp, PASSWORD, REVIEWER_PASSWORD,
};
use crate::on_both_backends;
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// Who may call a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Anyone,
    /// Any logged-in account, merchant or reviewer.
    SignedIn,
    Merchant,
    Reviewer,
}

/// Every server function, who may call it, and arguments that get past
/// decoding (so the answer shows the authorization, not a malformed request).
/// `{id}` stands for an application of the first merchant.
const ENDPOINTS: &[(&str, Access, &str)] = &[
    ("/api/current_user", Access::Anyone, ""),
    ("/api/signed_in", Access::Anyone, ""),
    ("/api/request_password_reset", Access::Anyone, "email=matrix-reset@example.com"),
    ("/api/reset_link_is_live", Access::Anyone, "token=0123"),
    ("/api/reset_password", Access::Anyone, "input[token]=0123&input[password]=a+long+password&input[confirm_password]=a+long+password"),
    ("/api/terms", Access::Anyone, ""),
    // The caller's current version is already accepted: refused as stale, nothing written.
    ("/api/accept_terms", Access::SignedIn, "version=0000&accept_terms=true"),
    ("/api/send_code", Access::Anyone, "email=matrix-code@example.com"),
    ("/api/signup", Access::Anyone, "input[email]=x@example.com&input[code]=000000&input[password]=a+long+password&input[confirm_password]=a+long+password&input[accept_terms]=true"),
    ("/api/login", Access::Anyone, "input[email]=nobody@example.com&input[password]=wrong+password"),
    ("/api/my_application", Access::Merchant, ""),
    ("/api/save_draft", Access::Merchant, "input[version]=0&input[step]=role"),
    ("/api/submit_application", Access::Merchant, "version=1"),
    ("/api/withdraw_application", Access::Merchant, "id={id}"),
    ("/api/upload_logo", Access::Merchant, "multipart"),
    ("/api/remove_logo", Access::Merchant, ""),
    ("/api/start_new_application", Access::Merchant, ""),
    ("/api/my_workspace", Access::Merchant, ""),
    // No caller here is in a workspace: each is refused as not found (404),
    // never let past the role check. The team's own rules are tested in team.rs.
    ("/api/workspace_team", Access::Merchant, ""),
    ("/api/invite_member", Access::Merchant, "email=matrix-invite@example.com&role=member"),
    ("/api/resend_invitation", Access::Merchant, "id=999999"),
    ("/api/revoke_invitation", Access::Merchant, "id=999999"),
    ("/api/change_member_role", Access::Merchant, "user_id=999999&role=owner"),
    ("/api/remove_member", Access::Merchant, "user_id=999999"),
    ("/api/leave_workspace", Access::Merchant, ""),
    ("/api/invitation", Access::Anyone, "token=0123"),
    ("/api/accept_invitation", Access::Merchant, "token=0123"),
    ("/api/request_email_change", Access::SignedIn, "new_email=matrix-new@example.com"),
    ("/api/confirm_email_change", Access::SignedIn, "code=000000"),
    ("/api/change_password", Access::SignedIn, "input[current_password]=wrong+password&input[password]=a+long+password&input[confirm_password]=a+long+password"),
    ("/api/review_queue", Access::Reviewer, "status=in_review&search="),
    ("/api/review_detail", Access::Reviewer, "id={id}"),
    ("/api/assign_to_me", Access::Reviewer, "id={id}&take_over=false"),
    ("/api/release_assignment", Access::Reviewer, "id={id}"),
    ("/api/request_changes", Access::Reviewer, "id={id}&reason=Please+fix+the+website."),
    ("/api/review_metrics", Access::Reviewer, "days=30"),
    ("/api/dead_items", Access::Reviewer, ""),
    // No such entry: refused as stale, nothing queued.
    ("/api/retry_dead_item", Access::Reviewer, "entry=mail-999999"),
    ("/api/add_note", Access::Reviewer, "id={id}&note=Checked+the+website."),
    ("/api/reject", Access::Reviewer, "id={id}&reason=The+documents+do+not+match."),
    ("/api/approve", Access::Reviewer, "id={id}"),
    ("/api/my_devices", Access::SignedIn, ""),
    ("/api/save_time_zone", Access::SignedIn, "time_zone=Asia%2FShanghai"),
    // Ends only the caller's other sessions (each caller has one).
    ("/api/log_out_other_sessions", Access::SignedIn, ""),
    // A wrong password: refused with a field message, nothing deleted.
    ("/api/delete_account", Access::SignedIn, "password=wrong+password"),
    // Last: it ends the caller's session.
    ("/api/logout", Access::Anyone, ""),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Merchant,
    OtherMerchant,
    Reviewer,
    /// A reviewer whose own account has an application in review (an account
    /// that applied before it was made a reviewer); `{id}` is theirs.
    ReviewerOwningTheApplication,
}

/// The answer a caller must get: `Some(status)` exactly, or `None` for "let
/// through" (any answer but 401 and 403).
fn expected(access: Access, caller: Caller, path: &str) -> Option<StatusCode> {
    match (access, caller) {
        (Access::Anyone, _) => None,
        (_, Caller::Anonymous) => Some(StatusCode::UNAUTHORIZED),
        (Access::SignedIn, _) => None,
        (Access::Merchant, Caller::Reviewer | Caller::ReviewerOwningTheApplication)
        | (Access::Reviewer, Caller::Merchant | Caller::OtherMerchant) => {
            Some(StatusCode::FORBIDDEN)
        }
        // Reading is allowed; claiming or deciding one's own application is not.
        (Access::Reviewer, Caller::ReviewerOwningTheApplication)
            if matches!(
                path,
                "/api/assign_to_me"
                    | "/api/release_assignment"
                    | "/api/add_note"
                    | "/api/request_changes"
                    | "/api/approve"
                    | "/api/reject"
            ) =>
        {
            Some(StatusCode::FORBIDDEN)
        }
        // Another merchant's application does not exist for them.
        (Access::Merchant, Caller::OtherMerchant) if path == "/api/withdraw_application" => {
            Some(StatusCode::NOT_FOUND)
        }
        _ => None,
    }
}

async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    args: &str,
    get: bool,
) -> StatusCode {
    let url = app.url(path);
    let request = if args == "multipart" {
        let part = reqwest::multipart::Part::bytes(vec![0u8; 16]).file_name("x.png");
        client
            .post(url)
            .multipart(reqwest::multipart::Form::new().part("logo", part))
    } else if get {
        client.get(format!("{url}?{args}"))
    } else {
        client
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(args.to_owned())
    };
    request
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .status()
}

async fn every_server_function_answers_each_caller_as_the_matrix_says(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // A new server function must be given its row before anything else.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let listed: BTreeSet<String> = ENDPOINTS.iter().map(|(p, _, _)| p.to_string()).collect();
    assert_eq!(
        registered, listed,
        "every server function needs a row in the matrix"
    );

    // The first merchant has an application in review; the other is a stranger to it.
    let id = app
        .submitted("matrix-owner@example.com", "Matrix Co")
        .await
        .to_string();
    app.logout().await;
    app.sign_up("matrix-other@example.com").await;
    app.logout().await;
    // An account that applied and was then made a reviewer, in the database
    // (the command line refuses to do it now).
    let own_id = app
        .submitted("matrix-self@example.com", "Self Co")
        .await
        .to_string();
    app.logout().await;
    sqlx::query("update users set role = 'reviewer' where email = 'matrix-self@example.com'")
        .execute(app.server_db.pool())
        .await
        .unwrap();
    app.reviewer("matrix-reviewer@example.com").await;

    let callers = [
        (Caller::Anonymous, new_client()),
        (
            Caller::OtherMerchant,
            logged_in(&app, "matrix-other@example.com", PASSWORD).await,
        ),
        (
            Caller::Reviewer,
            logged_in(&app, "matrix-reviewer@example.com", REVIEWER_PASSWORD).await,
        ),
        (
            Caller::ReviewerOwningTheApplication,
            logged_in(&app, "matrix-self@example.com", PASSWORD).await,
        ),
        (
            Caller::Merchant,
            logged_in(&app, "matrix-owner@example.com", PASSWORD).await,
        ),
    ];
    let gets: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(_, method)| method == axum::http::Method::GET)
        .map(|(path, _)| path.to_owned())
        .collect();
    let mut cells = 0;
    let mut wrong = Vec::new();
    for (caller, client) in &callers {
        for (path, access, args) in ENDPOINTS {
            let application = match caller {
                Caller::ReviewerOwningTheApplication => &own_id,
                _ => &id,
            };
            let args = args.replace("{id}", application);
            let status = call(&app, client, path, &args, gets.contains(*path)).await;
            cells += 1;
            let ok = match expected(*access, *caller, path) {
                Some(want) => status == want,
                None => status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
            };
            if !ok {
                wrong.push(format!("{caller:?} {path}: {status}"));
            }
            assert!(!status.is_server_error(), "{caller:?} {path}: {status}");
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(cells, ENDPOINTS.len() * callers.len());
    eprintln!("access-control matrix: {cells} cells");
}
on_both_backends!(
    every_server_function_answers_each_caller_as_the_matrix_says,
    every_server_function_answers_each_caller_as_the_matrix_says
);
