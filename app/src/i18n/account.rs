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
        account_title: "Account", "账户";
    }
}
