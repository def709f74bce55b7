//! The frame around every page (header, footer, home, errors, shared form
//! parts) and the messages of the one error type.

texts! {
    pub struct Common (EN, ZH_CN) {
        product_name: "Mini Program Platform", "小程序平台";
        skip_to_content: "Skip to content", "跳到正文";
        nav_account_label: "Account", "账户";
        log_in: "Log In", "登录";
        sign_up: "Sign Up", "注册";
        account: "Account", "账户";
        log_out: "Log Out", "退出登录";
        my_workspace: "My Workspace", "我的工作空间";
        review_queue: "Review Queue", "审核队列";
        my_application: "My Application", "我的申请";
        language_label: "Language", "语言";
        switch_language: "Switch language", "切换语言";
        contact_support: "Contact support: ", "联系客服：";
        legal_label: "Legal", "法律信息";
        terms_of_service: "Terms of Service", "服务条款";
        home_deleted: "Your account has been deleted. Thank you for trying Mini Program Platform.", "您的账户已删除。感谢您试用小程序平台。";
        home_title: "Build mini programs for millions of customers", "为数百万用户打造小程序";
        home_lead: "Mini Program Platform gives technical merchants a workspace to build, test and publish mini programs, together with their team.", "小程序平台为技术型商户提供工作空间，与团队一起开发、测试和发布小程序。";
        create_account: "Create an account", "创建账户";
        steps_title: "Get started in three steps", "三步开始使用";
        step1_title: "Create an account", "创建账户";
        step1_text: "Sign up with your email address. We send you a code to confirm it is yours.", "使用邮箱注册。我们会向您发送验证码，确认邮箱属于您。";
        step2_title: "Apply for a workspace", "申请工作空间";
        step2_text: "Tell us about your business. A reviewer decides within two business days; if something needs fixing, you can correct it and apply again.", "填写您的企业信息。审核人员会在两个工作日内做出决定；如需修改，您可以更正后重新申请。";
        step3_title: "Log in and get started", "登录并开始使用";
        step3_text: "Once approved, enter your workspace and invite your team.", "审核通过后，进入工作空间并邀请您的团队。";
        enter_workspace: "Enter Workspace", "进入工作空间";
        go_to_queue: "Go to the review queue", "前往审核队列";
        continue_application: "Continue your application", "继续您的申请";
        go_to_application: "Go to your application", "前往您的申请";
        not_found_title: "Page not found", "页面不存在";
        not_found_lead: "The page you asked for does not exist or has moved.", "您访问的页面不存在或已移动。";
        go_home: "Go to the home page", "返回首页";
        error_page_title: "Something went wrong", "出错了";
        error_page_lead: "This page could not be shown. Please reload it or try again in a moment.", "无法显示此页面。请刷新页面或稍后重试。";
        not_available_title: "Not available for your account", "您的账户无法使用此功能";
        reviewers_only: "This area is for reviewers only.", "此区域仅供审核人员使用。";
        reviewers_cannot_apply: "Reviewer accounts cannot apply for a workspace or own one.", "审核人员账户不能申请或拥有工作空间。";
        email: "Email", "邮箱";
        invitation_address_hint: "Your invitation was sent to this address.", "您的邀请已发送至此邮箱。";
        terms_agree_before: "I have read and agree to the ", "我已阅读并同意";
        reviewer_flagged: "The reviewer asked you to change this", "审核人员要求您修改此项";
        select_country: "Select a country or region", "选择国家或地区";
        optional: "(optional)", "（选填）";
        validation: "Please correct the highlighted fields.", "请更正标出的字段。";
        unauthorized: "Please log in to continue.", "请登录后继续。";
        forbidden: "You do not have access to this page.", "您无权访问此页面。";
        not_found: "We could not find what you were looking for.", "找不到您要查找的内容。";
        unavailable: "The service is busy right now. Please try again in a moment.", "服务当前繁忙，请稍后重试。";
        unreachable: "We could not reach the server. Check your connection and try again.", "无法连接服务器。请检查网络后重试。";
        form_unreadable: "The form could not be read. Please reload the page and try again.", "无法读取表单。请刷新页面后重试。";
        utc: "UTC", "UTC";
        list_separator: ", ", "、";
        unknown_language: "That language is not offered.", "不支持该语言。";
        form_not_sent: "This form could not be sent. Reload the page and try again.", "无法发送此表单。请刷新页面后重试。";
        request_too_large: "The request is too large.", "请求内容过大。";
        unknown_time_zone: "This is not a time zone we know.", "无法识别此时区。";
        logo_alt_default: "Workspace logo", "工作空间标志";
    }
    fn {
        rate_limited(secs: u64): format!("Too many attempts — try again in {secs} seconds."), format!("尝试次数过多，请在 {secs} 秒后重试。");
        internal(reference: &str): format!("Something went wrong on our side. Please try again (reference {reference})."), format!("我们这边出了点问题，请重试（参考编号 {reference}）。");
        page_title(page: &str): format!("{page} · Mini Program Platform"), format!("{page} · 小程序平台");
        logo_alt(name: &str): format!("{name} logo"), format!("{name} 的标志");
        date(year: i64, month: u32, day: u32): format!("{day} {} {year}", MONTHS_EN[(month as usize).clamp(1, 12) - 1]), format!("{year}年{month}月{day}日");
        short_date(month: u32, day: u32): format!("{day} {}", &MONTHS_EN[(month as usize).clamp(1, 12) - 1][..3]), format!("{month}月{day}日");
        date_time(date: &str, time: &str, zone: &str): format!("{date}, {time} {zone}"), format!("{date} {time}（{zone}）");
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
