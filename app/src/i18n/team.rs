//! A workspace's team: members, roles and invitations.

texts! {
    pub struct Team (EN, ZH_CN) {
        owner: "Owner", "所有者";
        member: "Member", "成员";
        an_owner: "an Owner", "所有者";
        a_member: "a Member", "成员";
        choose_role: "Choose Owner or Member.", "请选择所有者或成员。";
        sent_again: "Invitation sent again.", "邀请已重新发送。";
        withdrawn: "Invitation withdrawn.", "邀请已撤回。";
        role_changed: "Role changed.", "角色已更改。";
        removed: "Member removed.", "成员已移除。";
        invitation_sent: "Invitation sent.", "邀请已发送。";
        only_owner_can: "Only an Owner can do this. Reload the page to see your role as it is now.", "只有所有者可以执行此操作。请刷新页面查看您当前的角色。";
        no_longer_member: "You are no longer a member of this workspace.", "您已不再是此工作空间的成员。";
        members: "Members", "成员";
        your_workspace: "Your workspace", "您的工作空间";
        loading_team: "Loading your team…", "正在加载您的团队……";
        not_a_member: "You are not a member of a workspace.", "您不是任何工作空间的成员。";
        go_to_workspace_page: "Go to your workspace page", "前往您的工作空间页面";
        team: "Team", "团队";
        email: "Email", "邮箱";
        role: "Role", "角色";
        joined: "Joined", "加入时间";
        actions: "Actions", "操作";
        recent_changes: "Recent changes", "最近的变动";
        you: "You", "您";
        the_only_owner: "The only Owner", "唯一的所有者";
        remove: "Remove", "移除";
        invite_someone: "Invite someone", "邀请成员";
        invite_email_hint: "They get an email with a link that works for 7 days. Without an account, they create one with this address first.", "对方会收到一封邮件，其中的链接 7 天内有效。没有账户的话，需要先用此邮箱创建账户。";
        role_hint: "Owners can also invite people and change roles.", "所有者还可以邀请成员和更改角色。";
        send_invitation: "Send Invitation", "发送邀请";
        pending_invitations: "Pending invitations", "待接受的邀请";
        sent: "Sent", "发送时间";
        expired_resend: "Expired: send it again for a new link.", "已过期：重新发送以生成新链接。";
        expired: "Expired", "已过期";
        send_again: "Send Again", "重新发送";
        withdraw: "Withdraw", "撤回";
        leave_confirm: "Leave this workspace? You lose access at once; an Owner can invite you again.", "退出此工作空间？您将立即失去访问权限；所有者可以再次邀请您。";
        leave_title: "Leave this workspace", "退出此工作空间";
        leave_text: "You lose access at once. An Owner can invite you again. A workspace keeps at least one Owner, so its only Owner makes someone else an Owner first.", "退出后您将立即失去访问权限，所有者可以再次邀请您。工作空间始终至少保留一位所有者，因此唯一的所有者需要先将其他人设为所有者。";
        leave_workspace: "Leave Workspace", "退出工作空间";
        join_title: "Join a workspace", "加入工作空间";
        join_lead: "An invitation to a team's workspace on the Mini Program Platform.", "邀请您加入小程序平台上某个团队的工作空间。";
        checking_invitation: "Checking your invitation…", "正在核对您的邀请……";
        log_in_to_join: "Log In to Join", "登录并加入";
        create_account: "Create Account", "创建账户";
        reviewer_cannot_join: "Reviewer accounts cannot join workspaces. Log out, then log in with the invited address.", "审核人员账户不能加入工作空间。请退出登录，然后使用受邀邮箱登录。";
        invitation: "Invitation", "邀请";
        join_workspace: "Join Workspace", "加入工作空间";
        log_out_and_continue: "Log Out and Continue", "退出登录并继续";
        invalid_invitation: "This invitation link has expired, was already used or was withdrawn. Ask the workspace Owner to send you a new one.", "此邀请链接已过期、已被使用或已被撤回。请让工作空间所有者重新发送。";
        stale_team: "The team changed since this page was loaded. Reload the page to see it as it is now.", "页面加载后团队已发生变化。请刷新页面查看最新情况。";
        a_deleted_account: "a deleted account", "已删除的账户";
        own_address: "That is your own address: you are already in this workspace.", "这是您自己的邮箱：您已在此工作空间中。";
        already_member_here: "You are already a member of this workspace.", "您已是此工作空间的成员。";
        own_application_blocks: "Your own workspace application is in review or approved. An account belongs to one workspace at a time: withdraw your application before you join this one.", "您自己的工作空间申请正在审核中或已通过。一个账户同一时间只能属于一个工作空间：请先撤回您的申请，再加入此工作空间。";
        last_owner: "A workspace always keeps at least one Owner. Make another member an Owner first.", "工作空间始终至少保留一位所有者。请先将其他成员设为所有者。";
        leave_yourself: "To leave the workspace yourself, use Leave Workspace.", "如需自己退出工作空间，请使用“退出工作空间”。";
        only_owner_cannot_leave: "You are this workspace's only Owner. Make another member an Owner before you leave.", "您是此工作空间唯一的所有者。请先将其他成员设为所有者，然后再退出。";
    }
    fn {
        sent_to(email: &str): format!("Invitation sent to {email}. The link works for 7 days."), format!("已向 {email} 发送邀请。链接 7 天内有效。");
        team_lead(people: usize, workspace: &str): format!("{people} {} in {workspace}. Owners invite people and choose the team's roles; Members work in the workspace.", if people == 1 { "person" } else { "people" }), format!("{workspace} 共有 {people} 人。所有者负责邀请成员并分配团队角色；成员在工作空间中工作。");
        for_whom(email: &str): format!(" ({email})"), format!("（{email}）");
        confirm_removal(email: &str): format!("Remove {email} from the workspace? They lose access at once."), format!("将 {email} 移出工作空间？对方将立即失去访问权限。");
        make_role(role: &str): format!("Make {role}"), format!("设为{role}");
        link_until(when: &str): format!("Link works until {when}."), format!("链接有效期至 {when}。");
        sent_by(when: &str, by: &str): format!("{when} by {by}"), format!("{when}，由 {by} 发送");
        join_how(invited: &str): format!("To join, log in with {invited}, or create an account with it first: we email that address a code, as for any new account."), format!("如需加入，请使用 {invited} 登录；如果没有账户，请先用此邮箱创建账户：我们会像对待所有新账户一样，向该邮箱发送验证码。");
        invited_as(by: &str, email: &str, role: &str): format!("{by} invited {email} to join this workspace as {role}."), format!("{by} 邀请 {email} 以{role}身份加入此工作空间。");
        other_account(email: &str, invited: &str): format!("You are logged in as {email}, and this invitation is for {invited}. Log out, then log in or sign up with {invited} to join."), format!("您当前登录的是 {email}，而此邀请发给 {invited}。请退出登录，然后使用 {invited} 登录或注册后加入。");
        invitation_for_other(email: &str, you: &str): format!("This invitation is for {email}, and you are logged in as {you}. Log out, then log in or sign up with {email} to accept it."), format!("此邀请发给 {email}，而您当前登录的是 {you}。请退出登录，然后使用 {email} 登录或注册后接受邀请。");
        already_in_other(workspace: &str): format!("You already belong to the workspace “{workspace}”. An account belongs to one workspace at a time: leave it before you join another."), format!("您已属于工作空间“{workspace}”。一个账户同一时间只能属于一个工作空间：请先退出，再加入其他工作空间。");
        already_member(email: &str): format!("{email} is already a member of this workspace."), format!("{email} 已是此工作空间的成员。");
        already_invited(email: &str): format!("{email} already has an invitation. Send it again from the list of invitations."), format!("{email} 已有一份邀请。请在邀请列表中重新发送。");
        sole_owner_cannot_delete(workspace: &str): format!("You are the only Owner of the workspace “{workspace}”, which has other members. Make one of them an Owner on the Members page before you delete your account."), format!("您是工作空间“{workspace}”唯一的所有者，且该工作空间还有其他成员。删除账户前，请先在成员页面将其中一人设为所有者。");
        change_invited(actor: &str, subject: &str, role: &str): format!("{actor} invited {subject} as {role}."), format!("{actor} 邀请 {subject} 成为{role}。");
        change_resent(actor: &str, subject: &str): format!("{actor} sent the invitation to {subject} again."), format!("{actor} 向 {subject} 重新发送了邀请。");
        change_revoked(actor: &str, subject: &str): format!("{actor} withdrew the invitation to {subject}."), format!("{actor} 撤回了对 {subject} 的邀请。");
        change_joined(subject: &str, role: &str): format!("{subject} joined as {role}."), format!("{subject} 以{role}身份加入。");
        change_role(actor: &str, subject: &str, role: &str): format!("{actor} made {subject} {role}."), format!("{actor} 将 {subject} 设为{role}。");
        change_removed(actor: &str, subject: &str): format!("{actor} removed {subject} from the workspace."), format!("{actor} 将 {subject} 移出了工作空间。");
        change_left(subject: &str): format!("{subject} left the workspace."), format!("{subject} 退出了工作空间。");
        change_other(actor: &str, kind: &str): format!("{actor}: {kind}."), format!("{actor}：{kind}。");
    }
}
