//! The application: the wizard, its fields and their checks (`Fields`),
//! the status pages and the workspace home (`Apply`).

texts! {
    pub struct Apply (EN, ZH_CN) {
        apply_title: "Apply for a workspace", "申请工作空间";
        loading_application: "Loading your application…", "正在加载您的申请……";
        step_role: "Select Role", "选择角色";
        step_details: "Business Details", "企业信息";
        step_review: "Review & Submit", "确认并提交";
        steps_label: "Application steps", "申请步骤";
        step_completed: " (completed)", "（已完成）";
        heading_role: "Select your role", "选择您的角色";
        heading_details: "Enter business details", "填写企业信息";
        heading_review: "Review and submit", "确认并提交";
        unsaved: "Unsaved changes", "有未保存的更改";
        saving: "Saving…", "正在保存……";
        saved: "✓ Saved", "✓ 已保存";
        not_saved_fields: "Not saved yet: some fields need attention.", "尚未保存：部分字段需要修改。";
        submit_needs_attention: "Some details need attention before you can submit. Use Edit to correct them.", "提交前有部分信息需要修改。请点击“编辑”进行更正。";
        reviewer_asked_title: "What the reviewer asked you to change", "审核人员要求您修改的内容";
        changes_requested_back: "Your application is back with you, every answer kept. Change what is asked and submit it again: it goes back to the same reviewer, with a new due date.", "您的申请已退回给您，所有填写内容均已保留。按要求修改后重新提交：申请将回到同一位审核人员，并有新的截止日期。";
        previous_step: "Previous Step", "上一步";
        next_step: "Next Step", "下一步";
        role_lead: "Confirm your role to get the workspace functionalities suitable for you.", "确认您的角色，以获得适合您的工作空间功能。";
        technical_merchant: "Technical Merchant", "技术型商户";
        technical_merchant_text: "An individual or company that codes and customizes mini programs to provide products and services to end customers.", "自行编写和定制小程序、为终端客户提供产品和服务的个人或企业。";
        role_point1: "Build, test and publish mini programs", "开发、测试和发布小程序";
        role_point2: "Invite your team to a shared workspace", "邀请团队加入共享工作空间";
        role_point3: "Manage your mini programs' activity", "管理小程序的运营动态";
        select: "Select", "选择";
        details_note: "Fields marked (optional) can be left empty. Your progress is saved as you type.", "标有（选填）的字段可以留空。您输入的内容会自动保存。";
        company_name_hint: "Your company name becomes your workspace name.", "企业名称将作为您的工作空间名称。";
        website_hint: "Reviewers might visit your business website for additional information.", "审核人员可能会访问您的企业网站以了解更多信息。";
        contact_number_hint: "An international number, for example +65 6123 4567. Aside from the email address used for your account registration, reviewers might contact you via these methods to verify your information when processing your workspace application.", "国际格式号码，例如 +86 138 0013 8000。除注册账户所用的邮箱外，审核人员在处理您的工作空间申请时，可能会通过这些方式联系您核实信息。";
        contact_email_hint: "A contact address besides your account email, for reviewers.", "账户邮箱以外的联系邮箱，供审核人员使用。";
        logo_hint: "PNG, JPEG or WebP, up to 2 MB and 4096 × 4096 pixels; shown as a square. This image serves as your workspace logo. If no image is uploaded, a default logo will display the initial character of your company name on a random solid background color.", "PNG、JPEG 或 WebP 格式，不超过 2 MB 和 4096 × 4096 像素，以正方形显示。此图片将作为您的工作空间标志。如未上传图片，将使用默认标志：在随机纯色背景上显示企业名称的首字。";
        upload: "Upload", "上传";
        remove: "Remove", "移除";
        uploading: "Uploading…", "正在上传……";
        review_lead: "Check your answers. You can edit any section before you submit.", "请检查您填写的内容。提交前可以编辑任意部分。";
        changes_since_submitted: "Changes since you last submitted", "自上次提交以来的更改";
        changes_since_rejected: "Changes since your rejected application", "自被驳回的申请以来的更改";
        no_changes_yet: "You have not changed anything yet.", "您还没有做任何更改。";
        field: "Field", "字段";
        before: "Before", "之前";
        now: "Now", "现在";
        role: "Role", "角色";
        business_details: "Business details", "企业信息";
        workspace_logo: "Workspace logo", "工作空间标志";
        submit_application: "Submit Application", "提交申请";
        submitting: "Submitting…", "正在提交……";
        submit_note: "By submitting, you confirm the details are accurate. A reviewer decides within two business days.", "提交即表示您确认所填信息准确无误。审核人员会在两个工作日内做出决定。";
        edit: "Edit", "编辑";
        approved_title: "Your application was approved", "您的申请已通过";
        owner_you: "Workspace owner: you", "工作空间所有者：您";
        enter_workspace: "Enter Workspace", "进入工作空间";
        setting_up: "Setting up your workspace…", "正在创建您的工作空间……";
        rejected_title: "Your application was rejected", "您的申请已被驳回";
        reason_title: "Reason from the reviewer", "审核人员给出的原因";
        fields_to_fix: "Fields to fix", "需要修改的字段";
        new_application: "New Application", "新建申请";
        your_submissions: "Your submissions", "您的提交记录";
        under_review_title: "Your application is under review", "您的申请正在审核中";
        progress: "Progress", "进度";
        submitted: "Submitted", "已提交";
        in_review: "In review", "审核中";
        reviewer_looking: "A reviewer is looking at it", "审核人员正在处理";
        waiting_for_reviewer: "Waiting for a reviewer", "等待审核人员处理";
        decision: "Decision", "审核结果";
        withdraw_note: "Changed your mind, or need to correct something? Withdraw the application: your answers come back as a draft you can edit and submit again.", "改变主意或需要更正信息？撤回申请后，您填写的内容将恢复为草稿，可编辑后再次提交。";
        withdraw: "Withdraw", "撤回";
        withdraw_question: "Withdraw this application?", "撤回此申请？";
        withdraw_consequence: " It leaves the review queue until you submit it again.", "申请将离开审核队列，直到您再次提交。";
        yes_withdraw: "Yes, withdraw", "确认撤回";
        keep_in_review: "Keep it in review", "继续审核";
        workspace_title: "Your workspace", "您的工作空间";
        loading_workspace: "Loading your workspace…", "正在加载您的工作空间……";
        setting_up_lead: "Your application was approved. We are creating your workspace; this page updates by itself.", "您的申请已通过。我们正在创建您的工作空间，本页面会自动更新。";
        not_approved_lead: "Your workspace is created once your application is approved.", "申请通过后才会创建您的工作空间。";
        go_to_application: "Go to your application", "前往您的申请";
        workspace_eyebrow: "Workspace", "工作空间";
        your_team: "Your team", "您的团队";
        members: "Members", "成员";
        members_owner_text: "See who is in the workspace, invite colleagues by email and choose who else is an Owner.", "查看工作空间成员，通过邮件邀请同事，并指定其他所有者。";
        members_member_text: "See who is in the workspace and who its Owners are.", "查看工作空间成员及其所有者。";
        get_started: "Get started", "开始使用";
        users_guide: "Platform User's Guide", "平台用户指南";
        users_guide_text: "What your workspace does today: its members and their roles, your account, and what comes later.", "工作空间目前的功能：成员及其角色、您的账户，以及后续推出的功能。";
        video_tutorial: "Video Tutorial: Getting Started with Mini Programs", "视频教程：小程序入门";
        video_tutorial_text: "A written walkthrough with screenshots, from your approval to your first colleague joining. The video comes later.", "图文版操作指引，从申请通过到第一位同事加入。视频稍后推出。";
        developers_guide: "Developer's Guide", "开发者指南";
        back_to_workspace: "Back to your workspace", "返回您的工作空间";
        developers_guide_text: "What developers on your team can do in the portal today, and what building mini programs here will add.", "团队中的开发者目前可以在门户中做什么，以及将来在这里开发小程序会增加哪些功能。";
        select_role_first: "Select your role first.", "请先选择角色。";
        select_role: "Select your role.", "请选择角色。";
        stale_draft: "Your application was changed in another tab or browser. Reload the page to see the latest version.", "您的申请已在其他标签页或浏览器中被修改。请刷新页面查看最新版本。";
        already_in_review: "Your application is already under review. Withdraw it to make changes.", "您的申请已在审核中。如需修改，请先撤回。";
        already_approved: "Your application was approved, so there is nothing more to apply for.", "您的申请已通过，无需再次申请。";
        use_new_application: "Use New Application on your application page to apply again: your answers are kept and the reviewer sees what changed.", "请在申请页面点击“新建申请”重新申请：您填写的内容会保留，审核人员可以看到更改之处。";
        nothing_to_submit: "There is no application to submit. Start one first.", "没有可提交的申请。请先开始填写申请。";
        no_longer_in_review: "This application is no longer in review, so it cannot be withdrawn.", "此申请已不在审核中，无法撤回。";
        new_only_after_rejection: "A new application can be started only after a rejection.", "只有申请被驳回后才能新建申请。";
        no_draft_for_logo: "There is no draft application to add a logo to. Reload the page.", "没有可添加标志的申请草稿。请刷新页面。";
    }
    fn {
        not_saved(reason: &str): format!("Not saved: {reason}"), format!("未保存：{reason}");
        fields_to_fix_list(fields: &str): format!("Fields to fix: {fields}."), format!("需要修改的字段：{fields}。");
        step_number(n: usize): format!("Step {n}: "), format!("第 {n} 步：");
        edit_section(title: &str): format!(" {}", title.to_lowercase()), format!("{title}");
        approved_ready(name: &str, date: &str): format!("{name} was approved on {date}. Your workspace is ready for you and your team."), format!("{name} 已于 {date} 通过审核。您和团队的工作空间已准备就绪。");
        approved_setting_up(name: &str, date: &str): format!("{name} was approved on {date}. We are setting up your workspace; this page updates by itself."), format!("{name} 已于 {date} 通过审核。我们正在创建您的工作空间，本页面会自动更新。");
        rejected_lead(date: &str): format!("A reviewer rejected the application on {date}. Nothing is lost: fix what they point out and apply again, with your previous answers kept."), format!("审核人员于 {date} 驳回了申请。您的内容不会丢失：按指出的问题修改后重新申请，之前填写的内容都会保留。");
        received_lead(submitted: &str, due: &str): format!("We received your application on {submitted}. A reviewer will decide by {due}, and we will email you the result."), format!("我们已于 {submitted} 收到您的申请。审核人员将在 {due} 前做出决定，并通过邮件通知您结果。");
        due_by(due: &str): format!("Due by {due}"), format!("截止时间：{due}");
        member_of_other(workspace: &str): format!("You are a member of the workspace “{workspace}”. An account belongs to one workspace at a time: leave it before you apply for a workspace of your own."), format!("您是工作空间“{workspace}”的成员。一个账户同一时间只能属于一个工作空间：请先退出，再申请自己的工作空间。");
        removed_notice(workspace: &str, by: &str, date: &str): format!("You are no longer a member of the workspace “{workspace}”: {by} removed you on {date}."), format!("您已不再是工作空间“{workspace}”的成员：{by} 于 {date} 将您移除。");
        your_role(role: &str): format!("Your role: {role}"), format!("您的角色：{role}");
    }
}

texts! {
    pub struct Fields (FIELDS_EN, FIELDS_ZH_CN) {
        company_name: "Company Name", "企业名称";
        country: "Country/Region", "国家/地区";
        address: "Business Address", "企业地址";
        website: "Website", "网站";
        contact_number: "Contact Number", "联系电话";
        contact_email: "Email Address", "电子邮箱";
        logo: "Business Logo", "企业标志";
        uploaded_logo: "Uploaded logo", "已上传的标志";
        default_logo: "Default logo", "默认标志";
        new_uploaded_logo: "A new uploaded logo", "新上传的标志";
        not_provided: "Not provided", "未填写";
        company_required: "Enter your company name.", "请输入企业名称。";
        company_too_short: "Company Name needs at least 2 characters.", "企业名称至少需要 2 个字符。";
        country_required: "Select your country or region.", "请选择国家或地区。";
        country_unknown: "Select a country or region from the list.", "请从列表中选择国家或地区。";
        website_too_long: "Website can have at most 2,000 characters.", "网站地址最多 2,000 个字符。";
        website_format: "Enter the full address, starting with https:// (for example https://example.com).", "请输入以 https:// 开头的完整地址（例如 https://example.com）。";
        website_scheme: "Website must start with http:// or https://.", "网站地址必须以 http:// 或 https:// 开头。";
        website_credentials: "Website cannot contain a user name or password.", "网站地址不能包含用户名或密码。";
        phone_format: "Enter an international number starting with + and the country code, for example +65 6123 4567.", "请输入以 + 和国家代码开头的国际号码，例如 +86 138 0013 8000。";
        phone_digits: "A phone number has 7 to 15 digits after the +.", "电话号码在 + 之后应有 7 到 15 位数字。";
        bad_character: "This field contains a character that cannot be used.", "此字段包含无法使用的字符。";
        far_too_long: "This is far longer than the field allows.", "内容远超此字段允许的长度。";
        logo_wrong_type: "This file is not a PNG, JPEG or WebP image. Choose one of those.", "此文件不是 PNG、JPEG 或 WebP 图片。请选择这几种格式之一。";
        logo_too_large: "The logo is larger than 2 MB. Choose a smaller file.", "标志文件超过 2 MB。请选择更小的文件。";
        logo_too_wide: "The image is larger than 4096 × 4096 pixels. Choose a smaller image.", "图片超过 4096 × 4096 像素。请选择更小的图片。";
        logo_damaged: "The image could not be read; the file may be damaged. Try another file.", "无法读取图片，文件可能已损坏。请换一个文件。";
        logo_empty: "The file is empty. Choose an image file.", "文件为空。请选择图片文件。";
        upload_unreadable: "The upload could not be read. Try again.", "无法读取上传的文件。请重试。";
        upload_too_many_parts: "The upload has too many parts. Send one image file.", "上传内容包含多个部分。请只发送一个图片文件。";
        status_draft: "Draft", "草稿";
        status_in_review: "In review", "审核中";
        status_approved: "Approved", "已通过";
        status_rejected: "Rejected", "已驳回";
        status_withdrawn: "Withdrawn", "已撤回";
        status_changes_requested: "Changes requested", "需修改";
    }
    fn {
        too_long(label: &str, max: usize): format!("{label} can have at most {max} characters."), format!("{label}最多 {max} 个字符。");
        control_characters(label: &str): format!("{label} contains characters that cannot be used, such as line breaks or control codes."), format!("{label}包含无法使用的字符，例如换行符或控制字符。");
        invisible_characters(label: &str): format!("{label} contains invisible formatting characters (such as right-to-left overrides or zero-width spaces). Please retype it."), format!("{label}包含不可见的格式字符（例如从右到左覆盖符或零宽空格）。请重新输入。");
    }
}
