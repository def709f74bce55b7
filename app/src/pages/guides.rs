//! The further actions from the workspace home: short, real guides.

use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

struct Guide {
    slug: &'static str,
    title: &'static str,
    lead: &'static str,
    sections: &'static [(&'static str, &'static str)],
}

const GUIDES: &[Guide] = &[
    Guide {
        slug: "platform-users-guide",
        title: "Platform User's Guide",
        lead: "How to use your workspace on the Mini Program Platform.",
        sections: &[
            ("Your workspace", "A workspace is your team's home on the platform. It carries your company name and logo, and everything your team builds lives in it. As the Owner you manage its members and settings."),
            ("Members and roles", "Invite colleagues by email from the Members page. Owners manage members and settings; Members build and test mini programs. Each person signs in with their own account."),
            ("Mini programs", "Create a mini program from the workspace home, give it a name and an icon, then upload builds. Every build can be previewed on a test device before release."),
            ("Releases", "Submit a tested build for release. Releases are reviewed against the platform's content and security rules, usually within two business days, like your workspace application."),
        ],
    },
    Guide {
        slug: "video-tutorial",
        title: "Video Tutorial: Getting Started with Mini Programs",
        lead: "A ten-minute walkthrough, chapter by chapter, with the steps written out.",
        sections: &[
            ("1. Create your first mini program (0:00)", "From the workspace home, choose New Mini Program, enter a name and a short description, and pick an icon. The platform creates an empty project for you."),
            ("2. Set up the developer tools (2:10)", "Install the command-line tools, sign in with your platform account, and link your local folder to the mini program you just created."),
            ("3. Build a page (4:30)", "Every page is a template, a style sheet and a script. Edit the home page, save, and watch the preview update on your test device."),
            ("4. Preview and upload (7:45)", "Scan the preview code with the super app to try the mini program on a phone, then upload the build to your workspace for your team to test."),
        ],
    },
    Guide {
        slug: "developers-guide",
        title: "Developer's Guide",
        lead: "The reference for building mini programs.",
        sections: &[
            ("Project layout", "A mini program has an app configuration, one folder per page (template, styles, script) and shared components. The configuration lists the pages and the permissions the program asks for."),
            ("APIs", "Mini programs call platform APIs for navigation, storage, network requests, payments and user login. Each API that touches user data needs a permission declared in the configuration and granted by the user."),
            ("Testing", "Use the simulator for quick checks and a real device for everything else. Automated tests run in the command-line tools and in your CI."),
            ("Publishing", "Upload a build, submit it for release with release notes, and follow the review in your workspace. Approved releases reach users within minutes."),
        ],
    },
];

#[component]
pub fn GuidePage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let slug = params.read().get("slug").unwrap_or_default();
        match GUIDES.iter().find(|g| g.slug == slug) {
            Some(guide) => view! {
                <Page title=guide.title lead=guide.lead narrow=true>
                    {guide.sections.iter().map(|(heading, text)| view! {
                        <section><h2>{*heading}</h2><p>{*text}</p></section>
                    }).collect_view()}
                    <p><A href="/workspace">"Back to your workspace"</A></p>
                </Page>
            }
            .into_any(),
            None => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
        }
    }
}
