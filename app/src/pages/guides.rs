//! The further actions from the workspace home: short, real guides.

use crate::components::page::Page;
use leptos::prelude::*;

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

/// The same guides in Simplified Chinese: the same slugs, sections and
/// screenshots, in the same order (see the test below).
const GUIDES_ZH_CN: &[Guide] = &[
    Guide {
        slug: "platform-users-guide",
        title: "平台用户指南",
        lead: "您在小程序平台上的工作空间目前能做什么。",
        sections: &[
            text("您的工作空间", "工作空间是您的团队在平台上的家。申请通过后即会创建，并沿用申请中的企业名称和标志。工作空间首页会显示这些信息以及您的角色。"),
            text("成员和角色", "在工作空间首页打开“成员”，即可看到工作空间中的每个人、他们的角色以及加入日期。工作空间有两种角色：所有者可以邀请成员、更改角色和移除成员；成员可以查看团队。工作空间始终至少保留一位所有者。"),
            text("邀请同事", "所有者输入同事的邮箱地址并选择角色，然后点击“发送邀请”。同事会收到一封邮件，其中的链接 7 天内有效且只能使用一次。没有账户的人需要先用该邮箱创建账户，然后再加入。所有者可以重新发送邀请（新链接会取代旧链接），也可以撤回邀请。"),
            text("更改角色和退出", "所有者可以将成员设为所有者、将所有者设为成员，或移除成员；被移除的成员会立即失去访问权限，并收到邮件通知。任何人都可以在成员页面退出工作空间；唯一的所有者需要先将其他人设为所有者。每项变动都会列在“最近的变动”中，并注明操作人和时间。"),
            text("您的账户", "在“账户”中，您可以修改密码或邮箱地址，查看登录您账户的设备并让它们退出登录，下载您的数据，或删除账户。"),
            text("后续功能", "创建小程序、上传构建版本和发布小程序目前还不在本门户中。这些功能将在之后推出，届时本指南会加以介绍。"),
        ],
    },
    Guide {
        slug: "video-tutorial",
        title: "视频教程：小程序入门",
        lead: "视频尚未发布。在此之前，这份图文指引用门户截图介绍同样的入门步骤。",
        sections: &[
            shown("1. 进入工作空间", "申请通过后登录，即会进入工作空间首页，看到您的企业名称、标志和您的角色。", "/screenshots/workspace-home.png", "工作空间首页：企业名称和标志、所有者角色、成员卡片以及三份指南。"),
            shown("2. 邀请同事", "点击“成员”，在“邀请成员”下输入同事的邮箱地址，选择成员或所有者，然后点击“发送邀请”。邀请被使用之前会显示在“待接受的邀请”中。", "/screenshots/members-invite.png", "成员页面：列出唯一一位所有者的团队表格，以及包含邮箱和角色字段的邀请成员表单。"),
            shown("3. 同事加入", "同事打开邮件中的链接，使用受邀邮箱登录或创建账户，然后点击“加入工作空间”。同事加入后，您会收到邮件通知。", "/screenshots/invitation.png", "邀请页面：显示谁邀请了谁加入哪个工作空间，以及“加入工作空间”按钮。"),
            text("4. 接下来", "在工作空间中开发和预览小程序的功能将在之后推出，届时视频和本指引都会加以介绍。"),
        ],
    },
    Guide {
        slug: "developers-guide",
        title: "开发者指南",
        lead: "团队中的开发者目前可以在门户中做什么，以及后续会推出什么。",
        sections: &[
            text("加入团队的工作空间", "请工作空间的所有者在成员页面邀请您的工作邮箱。打开邀请邮件中的链接，使用该邮箱登录或创建账户，然后点击“加入工作空间”。"),
            text("您的权限", "作为成员，您可以查看工作空间及其团队。所有者可以将您设为所有者，这样您也可以邀请同事。一个账户同一时间只能属于一个工作空间。"),
            text("保护账户安全", "请使用 8 到 128 个字符的密码短语。在“账户”中，您可以查看登录您账户的每台设备，并让其他设备退出登录；修改密码会让其他所有设备退出登录。"),
            text("后续功能", "小程序项目、开发者工具、平台 API 和发布功能目前还不在本门户中。推出之后，本指南会介绍项目结构、API 以及发布方法。"),
        ],
    },
];

/// The guides in the reader's language.
fn guides() -> &'static [Guide] {
    match crate::i18n::locale() {
        crate::i18n::Locale::En => GUIDES,
        crate::i18n::Locale::ZhCn => GUIDES_ZH_CN,
    }
}

#[component]
pub fn GuidePage() -> impl IntoView {
    let slug = crate::components::nav::path_param("slug").unwrap_or_default();
    move || {
        match guides().iter().find(|g| g.slug == slug) {
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
                    <p><a href="/workspace">{crate::i18n::texts().apply().back_to_workspace}</a></p>
                </Page>
            }
            .into_any(),
            None => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_guide_exists_in_both_languages_with_the_same_screenshots() {
        assert_eq!(GUIDES.len(), GUIDES_ZH_CN.len());
        for (en, zh) in GUIDES.iter().zip(GUIDES_ZH_CN) {
            assert_eq!(en.slug, zh.slug);
            assert_eq!(en.sections.len(), zh.sections.len(), "{}", en.slug);
            for (a, b) in en.sections.iter().zip(zh.sections) {
                assert_eq!(a.screenshot.map(|s| s.0), b.screenshot.map(|s| s.0));
                assert_ne!(a.text, b.text);
            }
        }
    }
}
