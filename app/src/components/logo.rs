use crate::domain::business::initial_of;
use leptos::prelude::*;

/// A workspace logo: the uploaded image, or the default logo — the first
/// character of the company name on the colour chosen for it (classes
/// `logo-color-0` … `logo-color-11`, all AA-contrast with white text).
#[component]
pub fn Logo(
    #[prop(into)] name: Signal<String>,
    #[prop(into)] logo_id: Signal<Option<String>>,
    #[prop(into)] color: Signal<u8>,
    #[prop(default = "medium")] size: &'static str,
) -> impl IntoView {
    let label = move || {
        let name = name.get();
        let t = crate::i18n::texts().common();
        if name.trim().is_empty() {
            t.logo_alt_default.to_string()
        } else {
            (t.logo_alt)(name.trim())
        }
    };
    move || {
        match logo_id.get() {
        Some(id) => view! {
            <img class=format!("logo logo-{size}") src=format!("/logos/{id}.png") alt=label() width="256" height="256"/>
        }
        .into_any(),
        None => view! {
            <span class=format!("logo logo-{size} default-logo logo-color-{}", color.get()) role="img" aria-label=label()>
                {initial_of(&name.get())}
            </span>
        }
        .into_any(),
    }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    /// WCAG relative luminance of a `#rrggbb` colour.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    #[test]
    fn the_default_logo_letter_is_readable_on_every_palette_colour() {
        let css = include_str!("../../../style/main.css");
        let colours: Vec<&str> = css
            .lines()
            .filter(|l| l.starts_with(".logo-color-"))
            .filter_map(|l| l.split("background: #").nth(1))
            .map(|rest| &rest[..6])
            .collect();
        assert_eq!(
            colours.len(),
            crate::backend::store::PALETTE_SIZE as usize,
            "one colour per palette entry"
        );
        for colour in colours {
            // White text: WCAG AA asks 4.5:1 even for the small logo's letter.
            let contrast = 1.05 / (luminance(colour) + 0.05);
            assert!(contrast >= 4.5, "#{colour}: {contrast:.2}:1");
        }
    }
}
