//! A person-readable name for the browser and system a user agent string
//! claims ("Chrome 131", "Windows"). It is what the client says about
//! itself, shown to help the account holder recognise their devices; nothing
//! is decided on it.

/// The browser (with its major version when known) and the system.
pub fn describe(user_agent: &str) -> (String, String) {
    (browser(user_agent), system(user_agent).to_owned())
}

fn browser(ua: &str) -> String {
    // Order matters: Edge, Opera and Samsung Internet also say "Chrome",
    // Chrome also says "Safari".
    const BROWSERS: [(&str, &str); 10] = [
        ("Edg/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("HeadlessChrome/", "Headless Chrome"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
    ];
    for (token, name) in BROWSERS {
        if let Some(version) = version_after(ua, token) {
            return with_version(name, version);
        }
    }
    if ua.contains("Safari/") {
        return match version_after(ua, "Version/") {
            Some(version) => with_version("Safari", version),
            None => "Safari".to_owned(),
        };
    }
    "Unknown browser".to_owned()
}

fn system(ua: &str) -> &'static str {
    const SYSTEMS: [(&str, &str); 9] = [
        ("Windows", "Windows"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Android", "Android"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"),
        ("Macintosh", "macOS"),
        ("Linux", "Linux"),
        ("X11", "Linux"),
    ];
    SYSTEMS
        .iter()
        .find(|(token, _)| ua.contains(token))
        .map_or("Unknown system", |(_, name)| name)
}

/// The major version after `token`, if `token` is there.
fn version_after<'a>(ua: &'a str, token: &str) -> Option<&'a str> {
    let start = ua.find(token)? + token.len();
    let digits = ua[start..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(ua.len() - start);
    Some(&ua[start..start + digits])
}

fn with_version(name: &str, version: &str) -> String {
    if version.is_empty() {
        name.to_owned()
    } else {
        format!("{name} {version}")
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    fn check(ua: &str, browser: &str, system: &str) {
        assert_eq!(
            describe(ua),
            (browser.to_owned(), system.to_owned()),
            "{ua}"
        );
    }

    #[test]
    fn common_browsers_and_systems_are_named() {
        check(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Chrome 131",
            "Windows",
        );
        check(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
            "Edge 131",
            "Windows",
        );
        check(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Safari 18",
            "macOS",
        );
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari 18",
            "iOS",
        );
        check(
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox 133",
            "Linux",
        );
        check(
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
            "Samsung Internet 26",
            "Android",
        );
        check(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36",
            "Headless Chrome 131",
            "Linux",
        );
    }

    #[test]
    fn anything_else_is_unknown_and_never_fails() {
        check("", "Unknown browser", "Unknown system");
        check("curl/8.5.0", "Unknown browser", "Unknown system");
        check("Chrome/", "Chrome", "Unknown system");
        check("Chrome/é", "Chrome", "Unknown system");
        check(&"Firefox/9".repeat(10_000), "Firefox 9", "Unknown system");
    }
}
