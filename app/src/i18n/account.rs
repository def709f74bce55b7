//! Signing up, logging in, codes and passwords (`Auth`); the account page,
//! password reset and the Terms of Service pages (`Account`).

texts! {
    pub struct Auth (AUTH_EN, AUTH_ZH_CN) {
        signup_title: "Create your account", "创建账户";
        signup_lead: "Sign up with your work email to apply for a workspace.", "使用工作邮箱注册，即可申请工作空间。";
        verification_code: "Verification Code", "验证码";
        send_code: "Send Code", "发送验证码";
        password: "Password", "密码";
        password_hint: "8 to 128 characters. A passphrase is easiest to remember.", "8 到 128 个字符。使用一句话作为密码最容易记住。";
        confirm_password: "Confirm Password", "确认密码";
        sign_up: "Sign Up", "注册";
        have_account: "Already have an account? ", "已有账户？";
        log_in: "Log In", "登录";
        ready_title: "Your account has been created", "您的账户已创建";
        ready_next_invited: "You are now logged in. Next, join the workspace you were invited to: taking you to your invitation in ", "您已登录。下一步，加入邀请您的工作空间：即将前往您的邀请，剩余 ";
        ready_next_apply: "You are now logged in. Next, apply for your workspace: taking you to the application in ", "您已登录。下一步，申请您的工作空间：即将前往申请页面，剩余 ";
        second: " second…", " 秒……";
        seconds: " seconds…", " 秒……";
        continue_now: "Continue now", "立即继续";
        login_title: "Log in", "登录";
        login_lead: "Welcome back. Log in to continue your application or enter your workspace.", "欢迎回来。登录后可继续您的申请或进入工作空间。";
        sign_in_code: "Sign-in Code", "登录验证码";
        forgot_password: "Forgot password?", "忘记密码？";
        new_here: "New to the platform? ", "第一次使用本平台？";
        create_account: "Create an account", "创建账户";
        code_required: "Enter the 6-digit code we emailed you.", "请输入我们通过邮件发送给您的 6 位验证码。";
        code_format: "The code is the 6 digits from the email we sent you.", "验证码是我们邮件中的 6 位数字。";
        terms_required: "Agree to the Terms of Service to create an account.", "请同意服务条款以创建账户。";
        confirm_required: "Enter your password again.", "请再次输入密码。";
        passwords_differ: "The passwords do not match.", "两次输入的密码不一致。";
        current_password_required: "Enter your current password.", "请输入当前密码。";
        login_password_required: "Enter your password.", "请输入密码。";
        email_required: "Enter your email address.", "请输入邮箱地址。";
        email_spaces: "An email address cannot contain spaces or line breaks.", "邮箱地址不能包含空格或换行。";
        email_format: "Enter an email address like name@example.com.", "请输入形如 name@example.com 的邮箱地址。";
        password_required: "Enter a password.", "请输入密码。";
        password_spaces: "A password cannot be only spaces.", "密码不能只包含空格。";
        password_common: "This password is too common. Choose one that is harder to guess.", "此密码过于常见，请选择更难猜到的密码。";
        invalid_code: "This code is invalid or has expired. Send a new code and try again.", "验证码无效或已过期。请重新发送验证码后再试。";
        too_many_tries: "Too many wrong tries. Send a new code and try again.", "错误次数过多。请重新发送验证码后再试。";
        wrong_login: "Incorrect email or password.", "邮箱或密码不正确。";
        account_disabled: "This account has been disabled. Ask your review team's administrator to enable it again.", "此账户已被停用。请联系您的审核团队管理员重新启用。";
        code_needed: "For your security, this account also needs a sign-in code right now. If your email and password are right, we have emailed you a 6-digit code: enter it below.", "为保障安全，此账户当前还需要登录验证码。如果您的邮箱和密码正确，我们已通过邮件向您发送 6 位验证码：请在下方输入。";
        wrong_login_or_code: "Incorrect email, password or code.", "邮箱、密码或验证码不正确。";
        must_accept_terms: "Agree to the Terms of Service to continue.", "请同意服务条款以继续。";
        terms_changed_while_reading: "The Terms of Service changed while you were reading them. Read the new version and accept it to continue.", "您阅读期间服务条款已更新。请阅读新版本并接受后继续。";
        terms_pending: "Our Terms of Service have changed. Accept the new version to continue.", "我们的服务条款已更新。请接受新版本后继续。";
    }
    fn {
        code_sent(email: &str): format!("We sent a 6-digit code to {email}. It is valid for 10 minutes."), format!("我们已向 {email} 发送 6 位验证码，10 分钟内有效。");
        send_code_wait(secs: i64): format!("Send Code ({secs} s)"), format!("发送验证码（{secs} 秒）");
        login_password_too_long(max: usize): format!("A password has at most {max} characters."), format!("密码最多 {max} 个字符。");
        email_too_long(max: usize): format!("An email address has at most {max} characters."), format!("邮箱地址最多 {max} 个字符。");
        password_too_short(min: usize): format!("Use at least {min} characters."), format!("请至少使用 {min} 个字符。");
        password_too_long(max: usize): format!("Use at most {max} characters."), format!("最多使用 {max} 个字符。");
    }
}

texts! {
    pub struct Account (EN, ZH_CN) {
        title: "Your account", "您的账户";
        lead: "Your sign-in details, your data, and your account itself.", "您的登录信息、您的数据以及账户本身。";
        merchant: "Merchant", "商户";
        reviewer: "Reviewer", "审核人员";
        email: "Email", "邮箱";
        account_type: "Account type", "账户类型";
        sign_in_details: "Sign-in details", "登录信息";
        change_password: "Change password", "修改密码";
        password_changed: "Your password was changed. Every other device logged in to your account was logged out.", "您的密码已修改。登录您账户的其他所有设备均已退出登录。";
        current_password: "Current Password", "当前密码";
        new_password: "New Password", "新密码";
        confirm_password: "Confirm Password", "确认密码";
        change_password_button: "Change Password", "修改密码";
        no_other_device: "No other device was logged in.", "没有其他已登录的设备。";
        one_other_device: "1 other device was logged out.", "已退出 1 台其他设备。";
        log_out_others: "Log out other sessions", "退出其他会话";
        devices: "Devices", "设备";
        devices_lead: "Where your account is logged in now. If you do not recognise one, log out the others and change your password.", "您的账户当前登录的位置。如有不认识的设备，请退出其他会话并修改密码。";
        loading_devices: "Loading your devices…", "正在加载您的设备……";
        this_device: "This device", "本设备";
        address: "Address", "地址";
        signed_in: "Signed in", "登录时间";
        last_seen: "Last seen", "最近使用";
        your_data: "Your data", "您的数据";
        data_text: "Download a copy of everything you have told us and what we decided: your account, your consent to the Terms of Service, and your applications with their history, as a JSON file.", "以 JSON 文件下载您提供给我们的全部信息及我们做出的决定：您的账户、您对服务条款的同意记录，以及您的申请及其历史。";
        download_data: "Download My Data", "下载我的数据";
        password_to_confirm: "Enter your password to confirm.", "请输入密码以确认。";
        delete_title: "Delete your account", "删除您的账户";
        delete_text: "Your email address, your answers, your logos, your sessions and your consent records are erased, and an application in review is withdrawn first. We keep only an anonymous record that applications were made and decided. This cannot be undone; you can sign up again with the same email later.", "您的邮箱地址、填写的内容、标志、会话和同意记录都将被删除，审核中的申请会先被撤回。我们只保留申请提交与审核的匿名记录。此操作无法撤销；之后您可以用同一邮箱重新注册。";
        password: "Password", "密码";
        delete_button: "Delete My Account", "删除我的账户";
        change_email: "Change email", "更改邮箱";
        new_email: "New Email", "新邮箱";
        new_email_hint: "We send a code to the new address; nothing changes until you enter it.", "我们会向新邮箱发送验证码；输入验证码之前不会有任何更改。";
        send_code: "Send Code", "发送验证码";
        enter_code_sent: "Enter the 6-digit code we sent to your new address.", "请输入我们发送到新邮箱的 6 位验证码。";
        verification_code: "Verification Code", "验证码";
        change_email_button: "Change Email", "更改邮箱";
        already_your_email: "This is already your email address.", "这已经是您的邮箱地址。";
        wrong_current_password: "This is not your current password.", "这不是您当前的密码。";
        wrong_password_to_delete: "This is not your password. Enter it to confirm that you want to delete your account.", "密码不正确。请输入密码以确认删除账户。";
        password_changed_elsewhere: "Your password was changed somewhere else just now. Reload the page and try again.", "您的密码刚刚在其他地方被修改。请刷新页面后重试。";
        reset_title: "Reset your password", "重置密码";
        reset_lead: "Enter the email address of your account and we will email you a link to choose a new password.", "请输入您账户的邮箱地址，我们会通过邮件发送设置新密码的链接。";
        reset_nothing_arrived: "Nothing arrived? Check your spam folder, or send the link again in a minute.", "没有收到？请检查垃圾邮件文件夹，或一分钟后重新发送链接。";
        send_link_again: "Send the Link Again", "重新发送链接";
        send_reset_link: "Send Reset Link", "发送重置链接";
        remembered: "Remembered it? ", "想起密码了？";
        log_in: "Log in", "登录";
        new_password_title: "Choose a new password", "设置新密码";
        new_password_lead: "Choose a new password for your account. Every device logged in to it will be logged out.", "为您的账户设置新密码。所有已登录的设备都将退出登录。";
        checking_link: "Checking your link…", "正在核对您的链接……";
        ask_new_link: "Ask for a New Link", "申请新链接";
        set_new_password: "Set New Password", "设置新密码";
        invalid_reset_link: "This reset link has expired, was already used or was replaced by a newer one. Ask for a new link below.", "此重置链接已过期、已被使用或已被新链接取代。请在下方申请新链接。";
        terms_title: "Terms of Service", "服务条款";
        loading_terms: "Loading the Terms of Service…", "正在加载服务条款……";
        terms_changed_title: "Our Terms of Service have changed", "我们的服务条款已更新";
        terms_changed_lead: "Please read the new version and accept it to continue with your application or workspace.", "请阅读新版本并接受，以继续您的申请或使用工作空间。";
        no_new_terms: "There are no new Terms of Service for you to accept.", "没有需要您接受的新服务条款。";
        continue_: "Continue", "继续";
        new_terms_region: "The new Terms of Service", "新的服务条款";
        accept_and_continue: "Accept and Continue", "接受并继续";
        not_ready_before: "Not ready to accept them? You can still ", "还没准备好接受？您仍可以";
        not_ready_link: "download your data or delete your account", "下载您的数据或删除账户";
        not_ready_after: ", or log out.", "，或退出登录。";
        hide_contents: "Hide contents", "收起目录";
        show_contents: "Show contents", "显示目录";
        contents: "Contents", "目录";
        translation_note: "This translation is for your convenience. If it differs from the English text, the English text prevails.", "本中文译本仅供参考；如与英文原文不一致，以英文原文为准。";
        read_english: "Read the English text", "阅读英文原文";
        no_translation: "This version has no translation into your language yet; this is the English text.", "此版本暂无中文译本，以下为英文原文。";
        read_translation: "Read the translation", "阅读中文译本";
        english_text: "This is the English text, which prevails.", "以下为英文原文（以英文原文为准）。";
    }
    fn {
        devices_logged_out(n: u64): format!("{n} other devices were logged out."), format!("已退出 {n} 台其他设备。");
        browser_on(browser: &str, system: &str): format!("{browser} on {system}"), format!("{system} 上的 {browser}");
        email_now(to: &str): format!("Your email address is now {to}. We have told your old address."), format!("您的邮箱地址已更改为 {to}。我们已通知您的旧邮箱。");
        code_sent_to(to: &str): format!("We sent a 6-digit code to {to}. It expires in 10 minutes."), format!("我们已向 {to} 发送 6 位验证码，10 分钟内有效。");
        reset_sent(to: &str): format!("If an account uses {to}, we have emailed it a link to choose a new password. The link works for 30 minutes."), format!("如果 {to} 是某个账户的邮箱，我们已向其发送设置新密码的链接。链接 30 分钟内有效。");
        terms_version(version: &str, date: &str): format!("Version {version} · published {date}"), format!("版本 {version} · 发布于 {date}");
    }
}
