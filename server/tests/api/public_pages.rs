//! The public pages anonymous visitors get from memory (`server::page_cache`):
//! the page as rendered, a fresh nonce each time, in the visitor's language,
//! and never to someone logged in.

use crate::helpers::{new_client, spawn_app, Backend, TestApp};
use crate::on_both_backends;
use reqwest::StatusCode;

/// The nonce a page's Content-Security-Policy allows, and the page.
async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (String, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let start = policy.find("'nonce-").expect("a script nonce") + 7;
    let nonce = policy[start..start + policy[start..].find('\'').unwrap()].to_owned();
    (nonce, response.text().await.unwrap())
}

async fn every_answer_is_the_rendered_page_with_a_nonce_of_its_own(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let visitor = new_client();
    for path in ["/", "/signup", "/login", "/reset"] {
        let mut nonces = Vec::new();
        let mut pages = Vec::new();
        for _ in 0..3 {
            let (nonce, html) = page(&app, &visitor, path).await;
            // Every script carries the nonce its own policy allows.
            let scripts = html.matches("nonce=\"").count();
            assert!(scripts >= 2, "{path}: {html}");
            assert_eq!(html.matches(&format!("nonce=\"{nonce}\"")).count(), scripts);
            pages.push(html.replace(&nonce, "NONCE"));
            nonces.push(nonce);
        }
        assert!(pages.iter().all(|p| *p == pages[0]), "{path}: {pages:?}");
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 3, "{path}: a nonce was used twice");
    }
}
on_both_backends!(
    every_answer_is_the_rendered_page_with_a_nonce_of_its_own,
    every_answer_is_the_rendered_page_with_a_nonce_of_its_own
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
    let language = |html: &str| {
        let start = html.find("<html lang=\"").unwrap() + 12;
        html[start..start + html[start..].find('"').unwrap()].to_owned()
    };
    let english = new_client();
    let (_, first) = page(&app, &english, "/signup").await;
    assert_eq!(language(&first), "en");
    let asks_chinese = app
        .client
        .get(app.url("/signup"))
        .header("accept-language", "zh-CN,zh;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(language(&asks_chinese.text().await.unwrap()), "zh-CN");
    let chose_chinese = app
        .client
        .get(app.url("/signup"))
        .header("cookie", "lang=zh-CN")
        .send()
        .await
        .unwrap();
    assert_eq!(language(&chose_chinese.text().await.unwrap()), "zh-CN");
    let (_, again) = page(&app, &english, "/signup").await;
    assert_eq!(language(&again), "en");
}
on_both_backends!(
    each_language_gets_its_own_page,
    each_language_gets_its_own_page
);
