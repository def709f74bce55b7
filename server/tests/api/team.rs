//! The workspace team: invitations (their token rules), roles, removal and
//! leaving, and the invariant that a workspace keeps an Owner, also when
//! two Owners act at once on two server instances.

use crate::helpers::{
    decode_quoted_printable, logged_in, new_client, signup_form, spawn_app, spawn_app_on, Answer,
    Backend, TestApp, PASSWORD,
};
use crate::on_both_backends;
use reqwest::StatusCode;
use server::worker::QueueWorker;

const OWNER: &str = "owner@team.example";

/// The owner (the app's own client) with an approved, provisioned workspace.
async fn owner_with_workspace(app: &TestApp) {
    let id = app.submitted(OWNER, "Team Co").await;
    let reviewer = app.reviewer_client("reviewer@team.example").await;
    let approved = app
        .as_reviewer(&reviewer, "approve", &[("id", &id.to_string())])
        .await;
    assert_eq!(approved.status, StatusCode::OK);
    app.jobs.run_all_due().await.unwrap();
    let state: serde_json::Value = app.get("/api/my_workspace").await.json().await.unwrap();
    assert_eq!(state["Ready"]["role"], "owner", "{state}");
}

/// A new merchant account for `email`, logged in on a client of its own.
async fn merchant(app: &TestApp, email: &str) -> reqwest::Client {
    let client = new_client();
    let sent = app
        .call_with(&client, "send_code", &[("email".into(), email.into())])
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    let code = app.code_for(email).await;
    let created = app
        .call_with(&client, "signup", &signup_form(email, &code, PASSWORD))
        .await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    client
}

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn invite(app: &TestApp, client: &reqwest::Client, email: &str, role: &str) -> Answer {
    app.call_with(
        client,
        "invite_member",
        &form(&[("email", email), ("role", role)]),
    )
    .await
}

/// The token of the newest invitation mailed to `to`.
async fn token_mailed_to(app: &TestApp, to: &str) -> String {
    let mails = app.mail_to(to).await;
    let last = decode_quoted_printable(mails.last().expect("an invitation mail"));
    assert!(
        last.contains("invited you to the workspace Team Co"),
        "{last}"
    );
    let at = last.find("/invitations/").expect("a link") + "/invitations/".len();
    let token: String = last[at..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64, "256 random bits");
    token
}

async fn accept(app: &TestApp, client: &reqwest::Client, token: &str) -> Answer {
    app.call_with(client, "accept_invitation", &form(&[("token", token)]))
        .await
}

async fn details(app: &TestApp, client: &reqwest::Client, token: &str) -> serde_json::Value {
    app.json_with(client, &format!("/api/invitation?token={token}"))
        .await
}

async fn team(app: &TestApp, client: &reqwest::Client) -> serde_json::Value {
    app.json_with(client, "/api/workspace_team").await
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("select id from users where email = $1")
        .bind(email)
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    id
}

async fn owners(app: &TestApp) -> i64 {
    let (count,): (i64,) =
        sqlx::query_as("select count(*) from workspace_members where role = 'owner'")
            .fetch_one(app.server_db.pool())
            .await
            .unwrap();
    count
}

async fn an_invited_colleague_signs_up_through_the_link_and_joins(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    owner_with_workspace(&app).await;
    let ann = "Ann@Team.example";
    assert_eq!(
        invite(&app, &app.client, ann, "member").await.status,
        StatusCode::OK
    );
    let token = token_mailed_to(&app, "ann@team.example").await;
    // Only its hash is stored.
    let (stored,): (String,) = sqlx::query_as("select token_hash from workspace_invitations")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_ne!(stored, token);
    // Whoever opens the link sees the workspace and who invited whom.
    let stranger = new_client();
    let shown = details(&app, &stranger, &token).await;
    assert_eq!(shown["workspace"], "Team Co");
    assert_eq!(shown["invited_by"], OWNER);
    assert_eq!(shown["email"], "ann@team.example");
    assert_eq!(shown["viewer"], "Anonymous");
    let pending = team(&app, &app.client).await;
    assert_eq!(pending["invitations"][0]["email"], "ann@team.example");
    assert_eq!(pending["invitations"][0]["invited_by"], OWNER);

    // Not logged in: refused; signed up with the invited address: joins.
    assert_eq!(
        accept(&app, &stranger, &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let ann = merchant(&app, "ann@team.example").await;
    assert_eq!(details(&app, &ann, &token).await["viewer"], "Invited");
    let joined = accept(&app, &ann, &token).await;
    assert_eq!(joined.status, StatusCode::OK, "{:?}", joined.body);
    assert_eq!(joined.body, "/workspace");
    let workspace: serde_json::Value = app.json_with(&ann, "/api/my_workspace").await;
    assert_eq!(workspace["Ready"]["name"], "Team Co");
    assert_eq!(workspace["Ready"]["role"], "member");
    // Their data download says where they belong.
    let data: serde_json::Value = app.json_with(&ann, "/account/data.json").await;
    assert_eq!(data["workspace"]["name"], "Team Co");
    assert_eq!(data["workspace"]["role"], "member");
    // A member with no application of their own lands in the workspace.
    let login = app
        .call_with(
            &new_client(),
            "login",
            &form(&[
                ("input[email]", "ann@team.example"),
                ("input[password]", PASSWORD),
            ]),
        )
        .await;
    assert_eq!(login.body, "/workspace");
    // The team shows both, the invitation is gone, the owner was told.
    let now = team(&app, &app.client).await;
    let emails: Vec<&str> = now["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, [OWNER, "ann@team.example"]);
    assert!(now["invitations"].as_array().unwrap().is_empty());
    let changes = now["changes"].to_string();
    assert!(
        changes.contains("ann@team.example joined as a Member."),
        "{changes}"
    );
    assert!(changes.contains(&format!("{OWNER} invited ann@team.example as a Member.")));
    let told = app.mail_to(OWNER).await;
    assert!(told
        .iter()
        .any(|m| m.contains("Subject: ann@team.example joined Team Co")));
    // A member sees the team too, but may not manage it.
    assert_eq!(team(&app, &ann).await["my_role"], "member");
    assert_eq!(
        invite(&app, &ann, "bob@team.example", "member")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // An account belongs to one workspace: a member cannot submit their own application.
    let draft = app
        .call_with(
            &ann,
            "save_draft",
            &form(&[
                ("input[version]", "0"),
                ("input[step]", "review"),
                ("input[role_selected]", "true"),
                ("input[details][company_name]", "Ann Co"),
                ("input[details][country]", "SG"),
                ("input[details][website]", "https://ann.example"),
            ]),
        )
        .await;
    let version = draft.body["version"].to_string();
    let submitted = app
        .call_with(&ann, "submit_application", &form(&[("version", &version)]))
        .await;
    assert!(submitted
        .field_error("form")
        .is_some_and(|m| m.contains("member of the workspace “Team Co”")));
}
on_both_backends!(
    an_invited_colleague_signs_up_through_the_link_and_joins,
    an_invited_colleague_signs_up_through_the_link_and_joins
);

async fn an_invitation_works_once_for_its_address_until_it_expires_or_is_withdrawn(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    owner_with_workspace(&app).await;
    let invalid = |answer: &Answer| {
        answer
            .field_error("form")
            .is_some_and(|m| m.starts_with("This invitation link has expired"))
    };

    // Wrong address: refused, and the invitation still works for the right one.
    invite(&app, &app.client, "carol@team.example", "member").await;
    let token = token_mailed_to(&app, "carol@team.example").await;
    let mallory = merchant(&app, "mallory@team.example").await;
    assert_eq!(
        details(&app, &mallory, &token).await["viewer"]["OtherAccount"]["email"],
        "mallory@team.example"
    );
    let wrong = accept(&app, &mallory, &token).await;
    assert!(wrong
        .field_error("form")
        .is_some_and(|m| m.starts_with("This invitation is for carol@team.example")));
    let carol = merchant(&app, "carol@team.example").await;
    // Reuse: the second use of a link is refused.
    assert_eq!(accept(&app, &carol, &token).await.status, StatusCode::OK);
    assert!(invalid(&accept(&app, &carol, &token).await));
    assert!(details(&app, &carol, &token).await.is_null());

    // Withdrawn: dead at once.
    invite(&app, &app.client, "dan@team.example", "owner").await;
    let token = token_mailed_to(&app, "dan@team.example").await;
    let id = team(&app, &app.client).await["invitations"][0]["id"].to_string();
    let dan = merchant(&app, "dan@team.example").await;
    let revoked = app
        .call_with(&app.client, "revoke_invitation", &form(&[("id", &id)]))
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert!(invalid(&accept(&app, &dan, &token).await));
    // Withdrawing it again is stale, not an error.
    let again = app
        .call_with(&app.client, "revoke_invitation", &form(&[("id", &id)]))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // Expired after seven days; sending it again makes a new link and kills the old one.
    invite(&app, &app.client, "dan@team.example", "owner").await;
    let old = token_mailed_to(&app, "dan@team.example").await;
    let id = team(&app, &app.client).await["invitations"][0]["id"].to_string();
    let resend = || async {
        app.call_with(&app.client, "resend_invitation", &form(&[("id", &id)]))
            .await
    };
    // The cooldown: not twice within a minute.
    let soon = resend().await;
    assert_eq!(
        soon.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{:?}",
        soon.body
    );
    app.state.clock.advance(7 * 24 * 3600 + 1);
    // A week idle ends the sessions too: both log in again.
    app.login(OWNER, PASSWORD).await;
    let dan = logged_in(&app, "dan@team.example", PASSWORD).await;
    assert!(details(&app, &dan, &old).await.is_null());
    assert!(invalid(&accept(&app, &dan, &old).await));
    assert_eq!(
        team(&app, &app.client).await["invitations"][0]["expired"],
        true
    );
    assert_eq!(resend().await.status, StatusCode::OK);
    let new = token_mailed_to(&app, "dan@team.example").await;
    assert_ne!(new, old);
    assert!(invalid(&accept(&app, &dan, &old).await));
    assert_eq!(accept(&app, &dan, &new).await.status, StatusCode::OK);
    let workspace: serde_json::Value = app.json_with(&dan, "/api/my_workspace").await;
    assert_eq!(workspace["Ready"]["role"], "owner");

    // Bad input changes nothing and says what is wrong.
    let bad = invite(&app, &app.client, "not-an-address", "boss").await;
    assert!(bad.field_error("email").is_some() && bad.field_error("role").is_some());
    let member = invite(&app, &app.client, "carol@team.example", "member").await;
    assert_eq!(
        member.field_error("email").as_deref(),
        Some("carol@team.example is already a member of this workspace.")
    );
    invite(&app, &app.client, "erin@team.example", "member").await;
    let twice = invite(&app, &app.client, "erin@team.example", "member").await;
    assert!(twice
        .field_error("email")
        .is_some_and(|m| m.contains("already has an invitation")));
    // A reviewer never joins.
    invite(&app, &app.client, "reviewer@team.example", "member").await;
    let token = token_mailed_to(&app, "reviewer@team.example").await;
    let reviewer = app.reviewer_client("reviewer@team.example").await;
    assert_eq!(details(&app, &reviewer, &token).await["viewer"], "Reviewer");
    assert_eq!(
        accept(&app, &reviewer, &token).await.status,
        StatusCode::FORBIDDEN
    );
}
on_both_backends!(
    an_invitation_works_once_for_its_address_until_it_expires_or_is_withdrawn,
    an_invitation_works_once_for_its_address_until_it_expires_or_is_withdrawn
);

async fn roles_change_members_leave_or_are_removed_and_are_told(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    owner_with_workspace(&app).await;
    invite(&app, &app.client, "fay@team.example", "member").await;
    let token = token_mailed_to(&app, "fay@team.example").await;
    let fay = merchant(&app, "fay@team.example").await;
    accept(&app, &fay, &token).await;
    let fay_id = user_id(&app, "fay@team.example").await.to_string();
    let owner_id = user_id(&app, OWNER).await.to_string();

    // The only Owner cannot step down or leave.
    let change = |client: &reqwest::Client, id: &str, role: &str| {
        let (client, form) = (client.clone(), form(&[("user_id", id), ("role", role)]));
        let app = &app;
        async move { app.call_with(&client, "change_member_role", &form).await }
    };
    let alone = change(&app.client, &owner_id, "member").await;
    assert_eq!(alone.status, StatusCode::CONFLICT);
    assert!(alone.body.to_string().contains("at least one Owner"));
    let leave = app.call_with(&app.client, "leave_workspace", &[]).await;
    assert_eq!(leave.status, StatusCode::CONFLICT);

    // Made an Owner: mailed, and may manage the team.
    assert_eq!(
        change(&app.client, &fay_id, "owner").await.status,
        StatusCode::OK
    );
    let mails = app.mail_to("fay@team.example").await;
    assert!(mails
        .iter()
        .any(|m| m.contains("Subject: Your role in Team Co is now Owner")));
    assert_eq!(team(&app, &fay).await["my_role"], "owner");
    // Back to Member, then removed: access ends with the next request.
    assert_eq!(
        change(&app.client, &fay_id, "member").await.status,
        StatusCode::OK
    );
    let removed = app
        .call_with(&app.client, "remove_member", &form(&[("user_id", &fay_id)]))
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    let after = fay
        .get(app.url("/api/workspace_team"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
    let told: serde_json::Value = app.json_with(&fay, "/api/my_workspace").await;
    assert_eq!(told["NotApproved"]["removed"]["workspace"], "Team Co");
    assert_eq!(told["NotApproved"]["removed"]["by"], OWNER);
    let mails = app.mail_to("fay@team.example").await;
    assert!(mails
        .iter()
        .any(|m| m.contains("Subject: You were removed from Team Co")));
    // Logging in again, they land where they are told.
    let login = app
        .call_with(
            &new_client(),
            "login",
            &form(&[
                ("input[email]", "fay@team.example"),
                ("input[password]", PASSWORD),
            ]),
        )
        .await;
    assert_eq!(login.body, "/workspace");
    // Removing them again is stale.
    let again = app
        .call_with(&app.client, "remove_member", &form(&[("user_id", &fay_id)]))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // A member leaves by themselves.
    invite(&app, &app.client, "gus@team.example", "member").await;
    let token = token_mailed_to(&app, "gus@team.example").await;
    let gus = merchant(&app, "gus@team.example").await;
    accept(&app, &gus, &token).await;
    let left = app.call_with(&gus, "leave_workspace", &[]).await;
    assert_eq!(left.status, StatusCode::OK);
    assert_eq!(left.body, "/apply");
    let changes = team(&app, &app.client).await["changes"].to_string();
    for line in [
        format!("{OWNER} made fay@team.example an Owner."),
        format!("{OWNER} removed fay@team.example from the workspace."),
        "gus@team.example left the workspace.".to_owned(),
    ] {
        assert!(changes.contains(&line), "{line} in {changes}");
    }
    // The sole Owner of a team cannot delete their account before handing it on.
    invite(&app, &app.client, "hal@team.example", "member").await;
    let token = token_mailed_to(&app, "hal@team.example").await;
    let hal = merchant(&app, "hal@team.example").await;
    accept(&app, &hal, &token).await;
    let delete = app
        .call_with(
            &app.client,
            "delete_account",
            &form(&[("password", PASSWORD)]),
        )
        .await;
    assert!(delete
        .field_error("delete_password")
        .is_some_and(|m| m.contains("only Owner of the workspace “Team Co”")));
}
on_both_backends!(
    roles_change_members_leave_or_are_removed_and_are_told,
    roles_change_members_leave_or_are_removed_and_are_told
);

async fn two_owners_acting_at_once_on_two_instances_leave_one_owner(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // A second server instance on the same database.
    let other = spawn_app_on(app.db.alias(), &[]).await;
    owner_with_workspace(&app).await;
    let owner_id = user_id(&app, OWNER).await.to_string();
    for round in 0..6 {
        let email = format!("co{round}@team.example");
        invite(&app, &app.client, &email, "owner").await;
        let token = token_mailed_to(&app, &email).await;
        let co = merchant(&app, &email).await;
        assert_eq!(accept(&app, &co, &token).await.status, StatusCode::OK);
        assert_eq!(owners(&app).await, 2);
        let co_id = user_id(&app, &email).await.to_string();
        let demote = |client: &reqwest::Client, id: &str| {
            let form = form(&[("user_id", id), ("role", "member")]);
            let client = client.clone();
            (client, form)
        };
        let (a, a_form) = demote(&app.client, &owner_id);
        let (b, b_form) = demote(&co, &co_id);
        let a_other = form(&[("user_id", &co_id), ("role", "member")]);
        let b_other = form(&[("user_id", &owner_id), ("role", "member")]);
        let (a, b) = match round % 3 {
            // Each steps down at once.
            0 => tokio::join!(
                app.call_with(&a, "change_member_role", &a_form),
                other.call_with(&b, "change_member_role", &b_form)
            ),
            // Each demotes the other at once.
            1 => tokio::join!(
                app.call_with(&a, "change_member_role", &a_other),
                other.call_with(&b, "change_member_role", &b_other)
            ),
            // One leaves while the other steps down.
            _ => tokio::join!(
                app.call_with(&a, "change_member_role", &a_form),
                other.call_with(&b, "leave_workspace", &[])
            ),
        };
        let statuses = [a.status, b.status];
        assert!(
            statuses.contains(&StatusCode::OK),
            "round {round}: {statuses:?} {:?} {:?}",
            a.body,
            b.body
        );
        assert_eq!(owners(&app).await, 1, "round {round}: {statuses:?}");
        // Back to one Owner (the first) and no co-owner for the next round.
        sqlx::query("update workspace_members set role = 'owner' where user_id = $1")
            .bind(owner_id.parse::<i64>().unwrap())
            .execute(app.server_db.pool())
            .await
            .unwrap();
        sqlx::query("delete from workspace_members where user_id <> $1")
            .bind(owner_id.parse::<i64>().unwrap())
            .execute(app.server_db.pool())
            .await
            .unwrap();
        assert_eq!(owners(&app).await, 1);
    }
}
on_both_backends!(
    two_owners_acting_at_once_on_two_instances_leave_one_owner,
    two_owners_acting_at_once_on_two_instances_leave_one_owner
);
