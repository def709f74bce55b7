//! The further actions from the workspace home: short, real guides.

use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

struct Guide {
    slug: &'static str,
    title: &'static str,
    lead: &'static str,
    sections: &'static [Section],
}

struct Section {
    heading: &'static str,
    text: &'static str,
    /// A screenshot of the product (under `public/screenshots/`) and its text alternative.
    screenshot: Option<(&'static str, &'static str)>,
}

const fn text(heading: &'static str, text: &'static str) -> Section {
    Section {
        heading,
        text,
        screenshot: None,
    }
}

const fn shown(
    heading: &'static str,
    text: &'static str,
    src: &'static str,
    alt: &'static str,
) -> Section {
    Section {
        heading,
        text,
        screenshot: Some((src, alt)),
    }
}

// Every sentence describes what the portal does today, or says plainly
// that it comes later.
const GUIDES: &[Guide] = &[
    Guide {
        slug: "platform-users-guide",
        title: "Platform User's Guide",
        lead: "What your workspace on the Mini Program Platform does today.",
        sections: &[
            text("Your workspace", "A workspace is your team's home on the platform. It is created when your application is approved, and carries the company name and logo from your application. The workspace home shows them with your role."),
            text("Members and roles", "Open Members from the workspace home to see who is in the workspace, with each person's role and the date they joined. A workspace has two roles: Owners invite people, change roles and remove members; Members see the team. A workspace always keeps at least one Owner."),
            text("Inviting colleagues", "An Owner enters a colleague's email address and a role and chooses Send Invitation. The colleague gets an email with a link that works for 7 days and only once. Someone without an account creates one with that address first, then joins. An Owner can send an invitation again (a new link replaces the old one) or withdraw it."),
            text("Changing roles and leaving", "An Owner can make a member an Owner, make an Owner a Member, or remove a member, who loses access at once and is told by email. Anyone can leave a workspace from the Members page; its only Owner makes someone else an Owner first. Every change is listed under Recent changes, with who made it and when."),
            text("Your account", "Under Account you change your password or email address, see the devices logged in to your account and log them out, download your data, or delete your account."),
            text("What comes later", "Creating mini programs, uploading builds and releasing them are not part of this portal yet. They come later; this guide will describe them when they do."),
        ],
    },
    Guide {
        slug: "video-tutorial",
        title: "Video Tutorial: Getting Started with Mini Programs",
        lead: "The video is not published yet. Until it is, this written walkthrough shows the same first steps with screenshots of the portal.",
        sections: &[
            shown("1. Enter your workspace", "Once your application is approved, log in: you land on your workspace home, with your company name, your logo and your role.", "/screenshots/workspace-home.png", "The workspace home: the company name and logo, the role Owner, a Members card and the three guides."),
            shown("2. Invite a colleague", "Choose Members, enter your colleague's email address under Invite someone, pick Member or Owner and choose Send Invitation. The invitation appears under Pending invitations until it is used.", "/screenshots/members-invite.png", "The Members page: the team table with its one Owner, and the Invite someone form with the Email and Role fields."),
            shown("3. Your colleague joins", "Your colleague opens the link in the email, logs in or creates an account with the invited address, and chooses Join Workspace. You get an email when they have joined.", "/screenshots/invitation.png", "An invitation page: who invited whom to which workspace, with the Join Workspace button."),
            text("4. What comes next", "Building and previewing mini programs in the workspace comes later; the video and this walkthrough will cover it then."),
        ],
    },
    Guide {
        slug: "developers-guide",
        title: "Developer's Guide",
        lead: "What developers on your team can do in the portal today, and what comes later.",
        sections: &[
            text("Joining your team's workspace", "Ask an Owner of your workspace to invite your work email address from the Members page. Open the link in the invitation email, then log in or create an account with that address, and choose Join Workspace."),
            text("Your access", "As a Member you see the workspace and its team. An Owner can make you an Owner, so that you can invite colleagues too. An account belongs to one workspace at a time."),
            text("Keeping your account safe", "Use a passphrase of 8 to 128 characters. Under Account you can see every device logged in to your account and log the others out; changing your password logs out every other device."),
            text("What comes later", "Mini program projects, the developer tools, the platform APIs and publishing are not part of this portal yet. When they are, this guide will describe the project layout, the APIs and how to publish."),
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
                    {guide.sections.iter().map(|section| view! {
                        <section>
                            <h2>{section.heading}</h2>
                            <p>{section.text}</p>
                            {section.screenshot.map(|(src, alt)| view! {
                                <img class="screenshot" src=src alt=alt width="1280" height="800" loading="lazy"/>
                            })}
                        </section>
                    }).collect_view()}
                    <p><A href="/workspace">"Back to your workspace"</A></p>
                </Page>
            }
            .into_any(),
            None => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
        }
    }
}
