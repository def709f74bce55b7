//! The public pages anonymous visitors get from memory (`server::page_cache`):
//! the page as rendered, its scripts allowed by hash, in the visitor's
//! language, and never to someone logged in.

use crate::helpers::{new_client, spawn_app, Backend, TestApp};
use crate::on_both_backends;
use reqwest::StatusCode;

/// A page's Content-Security-Policy, and the page.
async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (String, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    (policy, response.text().await.unwrap())
}

/// The nonce a policy allows.
fn nonce_in(policy: &str) -> Option<String> {
    let start = policy.find("'nonce-")? + 7;
    Some(policy[start..start + policy[start..].find('\'')?].to_owned())
}

/// The texts of a page's inline scripts.
fn inline_scripts(html: &str) -> Vec<&str> {
    html.split("<script")
        .skip(1)
        .filter_map(|rest| {
            let (tag, after) = rest.split_once('>')?;
            (!tag.contains(" src=")).then(|| after.split("</script>").next().unwrap())
        })
        .collect()
}

fn sha256_source(text: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

async fn a_kept_page_is_the_rendered_page_with_its_scripts_allowed_by_hash(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let visitor = new_client();
    for path in ["/", "/signup", "/login", "/reset"] {
        // The first visit renders the page, with a nonce on every script.
        let (policy, rendered) = page(&app, &visitor, path).await;
        let nonce = nonce_in(&policy).expect("a rendered page allows its scripts by nonce");
        // Every script that runs carries it; the page's data for its islands
        // is JSON, which never runs and needs none.
        let scripts = rendered.matches("<script").count()
            - rendered
                .matches("<script type=\"application/json\"")
                .count();
        assert!(scripts >= 2, "{path}: {rendered}");
        assert_eq!(
            rendered.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts
        );

        // The next ones get it from memory: the same page without the nonce,
        // each inline script allowed by its hash, and nothing else inline.
        let (policy, kept) = page(&app, &visitor, path).await;
        assert_eq!(
            kept,
            rendered.replace(&format!(" nonce=\"{nonce}\""), ""),
            "{path}"
        );
        assert!(nonce_in(&policy).is_none(), "{path}: {policy}");
        let inline = inline_scripts(&kept);
        assert!(!inline.is_empty(), "{path}");
        for script in &inline {
            assert!(policy.contains(&sha256_source(script)), "{path}: {script}");
        }
        assert_eq!(
            policy.matches("'sha256-").count(),
            inline
                .iter()
                .map(|s| sha256_source(s))
                .collect::<std::collections::HashSet<_>>()
                .len(),
            "{path}: {policy}"
        );
        assert_eq!(page(&app, &visitor, path).await, (policy, kept), "{path}");
    }
}
on_both_backends!(
    a_kept_page_is_the_rendered_page_with_its_scripts_allowed_by_hash,
    a_kept_page_is_the_rendered_page_with_its_scripts_allowed_by_hash
);

async fn a_logged_in_merchant_never_gets_the_visitors_page(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let visitor = new_client();
    for _ in 0..2 {
        for path in ["/", "/login"] {
            let (_, html) = page(&app, &visitor, path).await;
            assert!(html.contains("href=\"/signup\""), "{path}");
            assert!(!html.contains("@example.com"), "{path}");
        }
    }

    let email = "remembered@example.com";
    app.sign_up(email).await;
    let (_, home) = page(&app, &app.client, "/").await;
    assert!(
        home.contains(email),
        "the header names the merchant: {home}"
    );
    let (_, login) = page(&app, &app.client, "/login").await;
    assert!(login.contains(email), "{login}");

    // And the visitor still gets the visitor's page, not the merchant's.
    let (_, home) = page(&app, &visitor, "/").await;
    assert!(!home.contains(email));
}
on_both_backends!(
    a_logged_in_merchant_never_gets_the_visitors_page,
    a_logged_in_merchant_never_gets_the_visitors_page
);

async fn each_language_gets_its_own_page(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // `<html lang>` of /signup as a client asking with `header` gets it.
    let language_of = |client: reqwest::Client, header: Option<(&'static str, &'static str)>| {
        let mut request = client.get(app.url("/signup"));
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        async move {
            let html = request.send().await.unwrap().text().await.unwrap();
            let start = html.find("<html lang=\"").unwrap() + 12;
            html[start..start + html[start..].find('"').unwrap()].to_owned()
        }
    };
    let english = new_client();
    assert_eq!(language_of(english.clone(), None).await, "en");
    let asks_chinese = Some(("accept-language", "zh-CN,zh;q=0.9"));
    assert_eq!(language_of(app.client.clone(), asks_chinese).await, "zh-CN");
    let chose_chinese = Some(("cookie", "lang=zh-CN"));
    assert_eq!(
        language_of(app.client.clone(), chose_chinese).await,
        "zh-CN"
    );
    assert_eq!(language_of(english, None).await, "en");
}
on_both_backends!(
    each_language_gets_its_own_page,
    each_language_gets_its_own_page
);
