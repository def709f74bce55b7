//! The product's words in English and Simplified Chinese.
//!
//! Every text a user reads is a field of [`Texts`], defined once per area by
//! the `texts!` macro with its English and Chinese side by side: a key used
//! but not defined, or defined without its Chinese, does not compile. A page
//! reads the texts of the language it is rendered in through [`texts`]; a
//! mail takes its recipient's [`Locale`] instead.
//!
//! The language of a request is, in order: the account's saved choice, the
//! `lang` cookie, `Accept-Language`, English (`server::language` on the
//! server; the browser reads it back from `<html lang>`). Changing it reloads
//! the page, so nothing here is reactive.

#[macro_use]
mod macros;
pub mod account;
pub mod apply;
pub mod common;
// Mail is written on the server only: its words stay out of the browser's wasm.
#[cfg(any(feature = "ssr", test))]
pub mod mail;
pub mod review;
pub mod team;

use serde::{Deserialize, Serialize};

/// A language the portal speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

/// The cookie in which a browser keeps its language.
pub const LANG_COOKIE: &str = "lang";

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The BCP 47 tag, as in `<html lang>` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The language's name in itself, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
        }
    }

    /// A language tag we speak: `en`, `en-GB`, `zh`, `zh-CN`, `zh-Hans`,
    /// `zh-SG` … (case-insensitive). Traditional Chinese is not offered
    /// Simplified: `zh-TW`, `zh-HK` and `zh-Hant` are not ours.
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase();
        let mut parts = tag.split(['-', '_']);
        match parts.next()? {
            "en" => Some(Locale::En),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                let simplified = rest.iter().any(|p| matches!(*p, "hans"));
                (simplified || !traditional).then_some(Locale::ZhCn)
            }
            _ => None,
        }
    }

    /// The language a browser prefers most among ours, from its
    /// `Accept-Language` header (quality values honoured; `q=0` refuses).
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(u32, usize, Locale)> = None;
        for (position, item) in header.split(',').take(32).enumerate() {
            let mut fields = item.split(';');
            let Some(locale) = fields.next().and_then(Locale::parse) else {
                continue;
            };
            let quality = fields
                .find_map(|f| f.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality);
            let Some(quality) = quality.filter(|q| *q > 0) else {
                continue;
            };
            // Higher quality wins; on a tie, the one listed first.
            let better = match best {
                None => true,
                Some((q, p, _)) => quality > q || (quality == q && position < p),
            };
            if better {
                best = Some((quality, position, locale));
            }
        }
        best.map(|(_, _, locale)| locale)
    }

    /// Everything the portal says, in this language.
    pub fn texts(self) -> Texts {
        Texts(self)
    }
}

/// "0.8" → 800; anything malformed counts as absent.
fn parse_quality(raw: &str) -> Option<u32> {
    let value: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u32)
}

/// Everything the portal says in one language, by area. Each area is its own
/// static, reached through its own method, so a build keeps only the areas
/// its code reads (the browser's wasm holds no reviewer texts unless a
/// screen in it shows them).
#[derive(Clone, Copy)]
pub struct Texts(Locale);

macro_rules! areas {
    ($($(#[$attr:meta])* $area:ident: $ty:ty = $en:expr, $zh:expr;)*) => {
        impl Texts {
            $(
                $(#[$attr])*
                // Inlined into each caller, so the wasm split build finds which
                // screen's chunk reads which area, and keeps an area's words
                // with the one screen that shows them.
                #[inline(always)]
                pub fn $area(self) -> &'static $ty {
                    match self.0 {
                        Locale::En => &$en,
                        Locale::ZhCn => &$zh,
                    }
                }
            )*
        }
    };
}

areas! {
    common: common::Common = common::EN, common::ZH_CN;
    auth: account::Auth = account::AUTH_EN, account::AUTH_ZH_CN;
    account: account::Account = account::EN, account::ZH_CN;
    apply: apply::Apply = apply::EN, apply::ZH_CN;
    fields: apply::Fields = apply::FIELDS_EN, apply::FIELDS_ZH_CN;
    review: review::Review = review::EN, review::ZH_CN;
    team: team::Team = team::EN, team::ZH_CN;
    #[cfg(feature = "ssr")]
    mail: mail::Mail = mail::EN, mail::ZH_CN;
}

/// The language of the page or request at hand.
pub fn locale() -> Locale {
    imp::locale()
}

/// The texts of the page or request at hand.
pub fn texts() -> Texts {
    locale().texts()
}

#[cfg(feature = "ssr")]
mod imp {
    use super::Locale;

    tokio::task_local! {
        /// The language of the request being handled, for code that runs
        /// outside a page's reactive owner (form posts, server functions).
        pub static REQUEST_LOCALE: Locale;
    }

    /// The page's language (provided once, by [`provide_for_page`]), else
    /// the request's (set by the server's language layer), else English.
    /// Cheap: every text a page shows asks.
    pub fn locale() -> Locale {
        leptos::prelude::use_context::<Locale>()
            .or_else(|| REQUEST_LOCALE.try_with(|l| *l).ok())
            .unwrap_or_default()
    }

    /// Makes the request's language the page's, for the whole render
    /// (resources that render in tasks of their own included).
    pub fn provide_for_page() {
        use leptos::prelude::{provide_context, use_context};
        let locale = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Locale>().copied())
            .or_else(|| REQUEST_LOCALE.try_with(|l| *l).ok())
            .unwrap_or_default();
        provide_context(locale);
    }
}

#[cfg(feature = "ssr")]
pub use imp::{provide_for_page, REQUEST_LOCALE};

#[cfg(not(feature = "ssr"))]
mod imp {
    use super::Locale;

    thread_local! {
        static PAGE_LOCALE: std::cell::OnceCell<Locale> = const { std::cell::OnceCell::new() };
    }

    /// The language the server rendered the page in (`<html lang>`): a
    /// change reloads the page, so it is read once.
    pub fn locale() -> Locale {
        PAGE_LOCALE.with(|cell| {
            *cell.get_or_init(|| {
                #[cfg(feature = "hydrate")]
                {
                    leptos::prelude::document()
                        .document_element()
                        .and_then(|root| root.get_attribute("lang"))
                        .and_then(|tag| Locale::parse(&tag))
                        .unwrap_or_default()
                }
                #[cfg(not(feature = "hydrate"))]
                Locale::En
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_as_browsers_send_them() {
        for (tag, want) in [
            ("en", Some(Locale::En)),
            ("en-GB", Some(Locale::En)),
            ("zh", Some(Locale::ZhCn)),
            ("zh-CN", Some(Locale::ZhCn)),
            ("ZH_cn", Some(Locale::ZhCn)),
            ("zh-Hans-HK", Some(Locale::ZhCn)),
            ("zh-SG", Some(Locale::ZhCn)),
            ("zh-TW", None),
            ("zh-Hant", None),
            ("fr", None),
            ("", None),
        ] {
            assert_eq!(Locale::parse(tag), want, "{tag}");
        }
    }

    #[test]
    fn accept_language_picks_the_preferred_language_we_speak() {
        let pick = Locale::from_accept_language;
        assert_eq!(pick("zh-CN,zh;q=0.9,en;q=0.8"), Some(Locale::ZhCn));
        assert_eq!(pick("fr-FR, en;q=0.5, zh;q=0.7"), Some(Locale::ZhCn));
        assert_eq!(pick("en-US,en;q=0.9"), Some(Locale::En));
        assert_eq!(pick("zh;q=0, en;q=0.1"), Some(Locale::En));
        assert_eq!(pick("zh-TW, fr"), None);
        assert_eq!(pick("zh;q=abc"), None);
        assert_eq!(pick(""), None);
        assert_eq!(pick("en;q=0.5, zh-CN;q=0.5"), Some(Locale::En));
    }

    /// Every key has a Chinese text of its own: the macro makes a missing
    /// one a build error; this catches one left in English (or empty).
    #[test]
    fn every_text_exists_in_both_languages() {
        let lists = [
            common::Common::pairs(),
            account::Auth::pairs(),
            account::Account::pairs(),
            apply::Apply::pairs(),
            apply::Fields::pairs(),
            review::Review::pairs(),
            team::Team::pairs(),
            mail::Mail::pairs(),
        ];
        // Texts that are the same in both languages on purpose.
        let same = ["UTC", "+86 13800138000", "https://example.com"];
        let mut count = 0;
        for (key, en, zh) in lists.iter().flatten() {
            count += 1;
            if en.trim().is_empty() && zh.trim().is_empty() {
                // A function that only places its argument (called here with "").
                continue;
            }
            assert!(!en.trim().is_empty(), "{key}: English is empty");
            assert!(!zh.trim().is_empty(), "{key}: Chinese is empty");
            if !same.contains(&en.as_str()) && en.chars().any(|c| c.is_ascii_alphabetic()) {
                assert_ne!(en, zh, "{key}: the Chinese text is the English one");
            }
        }
        assert!(count > 100, "only {count} texts");
    }
}
