//! A workspace's team: members, roles and invitations.

texts! {
    pub struct Team (EN, ZH_CN) {
        owner: "Owner", "所有者";
        member: "Member", "成员";
        choose_role: "Choose Owner or Member.", "请选择所有者或成员。";
    }
}
