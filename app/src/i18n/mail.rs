//! The messages the portal sends, in the recipient's language.

texts! {
    pub struct Mail (EN, ZH_CN) {
        if_not_you_signup: "If you did not try to create an account, you can ignore this message.", "如果您没有尝试创建账户，可以忽略此邮件。";
        verification_code_is: "Your verification code is", "您的验证码是";
        verification_code_use: "Enter it on the signup page to confirm your email address. It expires in 10 minutes.", "请在注册页面输入此验证码以确认您的邮箱地址。验证码 10 分钟内有效。";
        sign_in_code_is: "Your sign-in code is", "您的登录验证码是";
        sign_in_code_why: "We have seen many failed attempts to log in to your account from other places, so logging in now also needs this code. It expires in 10 minutes.", "我们发现有人多次从其他地方尝试登录您的账户但未成功，因此现在登录还需要此验证码。验证码 10 分钟内有效。";
        sign_in_code_not_you: "If you did not just try to log in, someone else knows your password: do not share this code with anyone.", "如果您刚才没有尝试登录，说明其他人知道您的密码：请勿将此验证码告诉任何人。";
        account_exists_subject: "You already have a Mini Program Platform account", "您已拥有小程序平台账户";
        account_exists_text: "Someone, probably you, asked for a signup code for this address, but it already has an account.", "有人（可能是您）为此邮箱申请了注册验证码，但此邮箱已有账户。";
        log_in_link: "Log in to Mini Program Platform", "登录小程序平台";
        if_not_you_ignore: "If this was not you, you can ignore this message.", "如果这不是您本人的操作，可以忽略此邮件。";
        code_is: "Your code is", "您的验证码是";
        email_change_use: "Enter it on your account page to make this your Mini Program Platform email address. It expires in 10 minutes.", "请在账户页面输入此验证码，将此地址设为您的小程序平台邮箱。验证码 10 分钟内有效。";
        email_change_not_you: "If you did not ask for this, ignore this message: nothing changes.", "如果这不是您本人的操作，请忽略此邮件：不会有任何更改。";
        email_changed_subject: "Your Mini Program Platform email address was changed", "您的小程序平台邮箱地址已更改";
        email_changed_not_you: "If you did not change it, someone else may be using your account: reset your password", "如果不是您本人更改的，可能有其他人在使用您的账户：请重置密码";
        reset_subject: "Reset your Mini Program Platform password", "重置您的小程序平台密码";
        reset_text: "Someone, probably you, asked to reset the password of your Mini Program Platform account.", "有人（可能是您）申请重置您的小程序平台账户密码。";
        choose_new_password: "Choose a new password", "设置新密码";
        reset_valid: "The link works once, for 30 minutes. Asking again sends a new link and voids this one.", "此链接只能使用一次，30 分钟内有效。再次申请会发送新链接，此链接随即失效。";
        reset_not_you: "If you did not ask to reset your password, ignore this message: your password stays as it is.", "如果您没有申请重置密码，请忽略此邮件：您的密码保持不变。";
        password_changed_subject: "Your Mini Program Platform password was changed", "您的小程序平台密码已更改";
        password_changed_text: "The password of your Mini Program Platform account was just changed, and every device that was logged in has been logged out.", "您的小程序平台账户密码刚刚已更改，所有已登录的设备均已退出登录。";
        password_changed_not_you: "If you did not change it, someone else may have access to your email: secure your email account, then choose a new password", "如果不是您本人更改的，可能有其他人能访问您的邮箱：请先保护好邮箱账户，然后设置新密码";
        terms_subject: "Our Terms of Service have changed", "我们的服务条款已更新";
        terms_next: "The next time you log in we will ask you to accept it before you continue with your application or workspace.", "您下次登录时，我们会请您先接受新条款，然后才能继续申请或使用工作空间。";
        terms_choice: "If you do not want to accept it, you can still download your data or delete your account on your account page", "如果您不想接受，仍可以在账户页面下载您的数据或删除账户";
        read_terms: "Read the Terms of Service", "阅读服务条款";
        received_subject: "We received your workspace application", "我们已收到您的工作空间申请";
        follow_application: "Follow your application", "查看申请进度";
        approved_subject: "Your workspace application was approved", "您的工作空间申请已通过";
        enter_workspace: "Enter Workspace", "进入工作空间";
        changes_subject: "Your workspace application needs changes", "您的工作空间申请需要修改";
        what_reviewer_asked: "What the reviewer asked:", "审核人员的要求：";
        open_application: "Open your application", "打开您的申请";
        rejected_subject: "Your workspace application was rejected", "您的工作空间申请已被驳回";
        reason_from_reviewer: "Reason from the reviewer:", "审核人员给出的原因：";
        start_new_application: "Start a new application, with your previous answers filled in", "新建申请（之前填写的内容会自动填入）";
        accept_invitation: "Accept the Invitation", "接受邀请";
        invitation_fine_print: "If you have no account yet, the link lets you create one with this address first. The link works for 7 days and only once. If you did not expect this invitation, ignore this message.", "如果您还没有账户，可以先通过此链接用此邮箱创建账户。链接 7 天内有效，且只能使用一次。如果您没有预期收到此邀请，请忽略此邮件。";
        see_your_team: "See Your Team", "查看团队";
        open_workspace: "Open Your Workspace", "打开工作空间";
    }
    fn {
        verification_subject(code: &str): format!("Your Mini Program Platform verification code: {code}"), format!("小程序平台验证码：{code}");
        sign_in_subject(code: &str): format!("Your Mini Program Platform sign-in code: {code}"), format!("小程序平台登录验证码：{code}");
        email_change_subject(code: &str): format!("Your Mini Program Platform email change code: {code}"), format!("小程序平台邮箱更改验证码：{code}");
        email_changed_text(new_email: &str): format!("The email address of your Mini Program Platform account was changed to {new_email}. From now on, log in with the new address."), format!("您的小程序平台账户邮箱已更改为 {new_email}。今后请使用新邮箱登录。");
        terms_published(version: &str): format!("We have published a new version ({version}) of the Mini Program Platform Terms of Service."), format!("我们发布了新版（{version}）小程序平台服务条款。");
        received_text(company: &str): format!("Thank you. We received the workspace application for {company}."), format!("感谢您的申请。我们已收到 {company} 的工作空间申请。");
        received_due(due: &str): format!("A reviewer will decide by {due}. We will email you the result."), format!("审核人员将在 {due} 前做出决定，我们会通过邮件通知您结果。");
        approved_text(company: &str): format!("Good news: the workspace application for {company} was approved."), format!("好消息：{company} 的工作空间申请已通过。");
        changes_text(company: &str): format!("The reviewer of the workspace application for {company} asked for a few changes. Your application is back with you, every answer kept: change what is asked and submit it again. It goes back to the same reviewer."), format!("{company} 的工作空间申请的审核人员要求做一些修改。申请已退回给您，所有填写内容均已保留：按要求修改后重新提交，申请会回到同一位审核人员。");
        rejected_text(company: &str): format!("The workspace application for {company} was rejected. You can fix what the reviewer points out and apply again."), format!("{company} 的工作空间申请已被驳回。您可以按审核人员指出的问题修改后重新申请。");
        invitation_subject(inviter: &str, workspace: &str): format!("{inviter} invited you to the workspace {workspace}"), format!("{inviter} 邀请您加入工作空间 {workspace}");
        invitation_text(inviter: &str, workspace: &str, role: &str): format!("{inviter} invited you to join the workspace {workspace} on the Mini Program Platform as {role}."), format!("{inviter} 邀请您以{role}身份加入小程序平台上的工作空间 {workspace}。");
        joined_subject(member: &str, workspace: &str): format!("{member} joined {workspace}"), format!("{member} 已加入 {workspace}");
        joined_text(member: &str, workspace: &str, role: &str): format!("{member} accepted your invitation and joined the workspace {workspace} as {role}."), format!("{member} 已接受您的邀请，以{role}身份加入工作空间 {workspace}。");
        role_subject(workspace: &str, role: &str): format!("Your role in {workspace} is now {role}"), format!("您在 {workspace} 的角色已变为{role}");
        role_text(by: &str, workspace: &str, role: &str): format!("{by} changed your role in the workspace {workspace}: you are now {role}."), format!("{by} 更改了您在工作空间 {workspace} 中的角色：您现在是{role}。");
        removed_subject(workspace: &str): format!("You were removed from {workspace}"), format!("您已被移出 {workspace}");
        removed_text(by: &str, workspace: &str): format!("{by} removed you from the workspace {workspace}. You can no longer open it."), format!("{by} 已将您移出工作空间 {workspace}。您将无法再打开它。");
        removed_mistake(by: &str): format!("Your account stays as it was. If you think this is a mistake, ask {by}."), format!("您的账户保持不变。如果您认为这是误操作，请联系 {by}。");
        left_subject(workspace: &str): format!("You left {workspace}"), format!("您已退出 {workspace}");
        fields_to_change(fields: &str): format!("Fields to change: {fields}"), format!("需要修改的字段：{fields}");
        fields_to_check(fields: &str): format!("Fields to check: {fields}"), format!("需要检查的字段：{fields}");
        left_text(workspace: &str): format!("You left the workspace {workspace}. Its Owners can invite you again at any time."), format!("您已退出工作空间 {workspace}。其所有者可以随时再次邀请您。");
    }
}
