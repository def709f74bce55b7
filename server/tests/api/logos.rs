use crate::helpers::{png, spawn_app, Backend, TestApp};
use crate::on_both_backends;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

impl TestApp {
    pub(crate) async fn upload(&self, file_name: &str, bytes: Vec<u8>) -> crate::helpers::Answer {
        let form = Form::new().part(
            "logo",
            Part::bytes(bytes)
                .file_name(file_name.to_owned())
                .mime_str("image/png")
                .unwrap(),
        );
        let response = self
            .client
            .post(self.url("/api/upload_logo"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.json().await.unwrap_or(serde_json::Value::Null);
        crate::helpers::Answer {
            status,
            headers,
            body,
        }
    }
}

async fn an_uploaded_logo_is_resized_stored_and_served_only_to_its_owner(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.merchant_with_draft("logo@example.com").await;
    // A file name with a path and a right-to-left override is ignored.
    let answer = app.upload("../../etc/\u{202E}gnp.exe", png(800, 400)).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let id = answer.body.as_str().unwrap().to_owned();
    assert_eq!(
        app.get("/api/my_application")
            .await
            .json::<serde_json::Value>()
            .await
            .unwrap()["Draft"]["logo_id"],
        id.as_str()
    );

    let served = app.get(&format!("/logos/{id}.png")).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert!(served.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    let image = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!((image.width(), image.height()), (256, 256));

    // Another merchant, and anonymous visitors, cannot see it.
    app.logout().await;
    assert_eq!(
        app.get(&format!("/logos/{id}.png")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.sign_up("other@example.com").await;
    assert_eq!(
        app.get(&format!("/logos/{id}.png")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/logos/..%2F..%2Fetc%2Fpasswd.png").await.status(),
        StatusCode::NOT_FOUND
    );

    // Remove goes back to the default logo.
    app.logout().await;
    app.login("logo@example.com", crate::helpers::PASSWORD)
        .await;
    assert_eq!(app.call("remove_logo", &[]).await.status, StatusCode::OK);
    let draft: serde_json::Value = app.get("/api/my_application").await.json().await.unwrap();
    assert_eq!(draft["Draft"]["logo_id"], serde_json::Value::Null);
}
on_both_backends!(
    an_uploaded_logo_is_resized_stored_and_served_only_to_its_owner,
    an_uploaded_logo_is_resized_stored_and_served_only_to_its_owner
);

async fn refused_logos_get_a_clear_message_and_change_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.merchant_with_draft("refused@example.com").await;
    let valid = png(64, 64);
    let mut over = vec![0u8; app::backend::logos::MAX_BYTES + 1];
    over[..valid.len()].copy_from_slice(&valid);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "zero bytes",
            Vec::new(),
            app::i18n::Locale::En.texts().fields().logo_empty,
        ),
        (
            "2 MB + 1 byte",
            over,
            app::i18n::Locale::En.texts().fields().logo_too_large,
        ),
        (
            "truncated",
            valid[..valid.len() / 2].to_vec(),
            app::i18n::Locale::En.texts().fields().logo_damaged,
        ),
        (
            "wrong type",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec(),
            app::i18n::Locale::En.texts().fields().logo_wrong_type,
        ),
        (
            "svg with script",
            b"<svg><script>alert(1)</script></svg>".to_vec(),
            app::i18n::Locale::En.texts().fields().logo_wrong_type,
        ),
        (
            "bomb",
            png(5000, 5000),
            app::i18n::Locale::En.texts().fields().logo_too_wide,
        ),
    ];
    for (case, bytes, message) in cases {
        let answer = app.upload("logo.png", bytes).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{case}");
        assert_eq!(
            answer.field_error("logo").as_deref(),
            Some(message),
            "{case}"
        );
    }
    assert_eq!(
        app.status_for_announced_body("/api/upload_logo", 50 * 1024 * 1024)
            .await,
        413
    );
    let (logos,): (i64,) = sqlx::query_as("select count(*) from logos")
        .fetch_one(app.server_db.pool())
        .await
        .unwrap();
    assert_eq!(logos, 0);
}
on_both_backends!(
    refused_logos_get_a_clear_message_and_change_nothing,
    refused_logos_get_a_clear_message_and_change_nothing
);

async fn uploads_are_limited_per_account(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.start_of_window(3600);
    app.merchant_with_draft("many-logos@example.com").await;
    for i in 0..30 {
        let answer = app.upload("logo.png", png(8, 8)).await;
        assert_eq!(answer.status, StatusCode::OK, "upload {i}");
    }
    let limited = app.upload("logo.png", png(8, 8)).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.get("retry-after").is_some());
}
on_both_backends!(
    uploads_are_limited_per_account,
    uploads_are_limited_per_account
);

async fn replaced_and_removed_logos_are_deleted_after_a_grace_period(backend: Backend) {
    use server::worker::QueueWorker;
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.merchant_with_draft("prune@example.com").await;
    let first = app
        .upload("a.png", png(8, 8))
        .await
        .body
        .as_str()
        .unwrap()
        .to_owned();
    let second = app
        .upload("b.png", png(9, 9))
        .await
        .body
        .as_str()
        .unwrap()
        .to_owned();
    let logos = || async {
        let rows: Vec<(String,)> = sqlx::query_as("select id from logos order by id")
            .fetch_all(app.server_db.pool())
            .await
            .unwrap();
        rows.into_iter().map(|(id,)| id).collect::<Vec<_>>()
    };
    // Within the grace period nothing goes (a page may still show the old logo).
    app.jobs.run_all_due().await.unwrap();
    assert_eq!(logos().await.len(), 2);
    app.state
        .clock
        .advance(app::backend::logos::PRUNE_GRACE_SECS + 1);
    app.jobs.run_all_due().await.unwrap();
    assert_eq!(
        logos().await,
        vec![second.clone()],
        "the replaced logo {first} is gone"
    );
    // The logo in use stays; once removed it goes too.
    assert_eq!(
        app.get(&format!("/logos/{second}.png")).await.status(),
        StatusCode::OK
    );
    assert_eq!(app.call("remove_logo", &[]).await.status, StatusCode::OK);
    app.state
        .clock
        .advance(app::backend::logos::PRUNE_GRACE_SECS + 1);
    app.jobs.run_all_due().await.unwrap();
    assert!(logos().await.is_empty());
}
on_both_backends!(
    replaced_and_removed_logos_are_deleted_after_a_grace_period,
    replaced_and_removed_logos_are_deleted_after_a_grace_period
);
