-- A version of the Terms of Service in another language, for readers of
-- that language. The English text in terms_versions stays authoritative:
-- acceptance is of the version, and the page says which text prevails.
create table terms_translations (
    version    text not null references terms_versions (version),
    language   text not null,
    title      text not null,
    body       text not null,
    created_at bigint not null,
    primary key (version, language)
);

insert into terms_translations (version, language, title, body, created_at)
values ('2026-11-26', 'zh-CN', '服务条款', '## 1. 适用对象
本条款适用于在小程序平台上创建账户以申请工作空间、开发或管理小程序的所有企业和个人。您在注册时勾选“我已阅读并同意服务条款”，或接受本条款的新版本，即代表您本人及您所代表的企业接受本条款。

## 2. 您的账户
请妥善保管您的密码。一个账户只属于一个人：请勿与他人共用登录信息。如果您认为有其他人使用过您的账户，请在账户页面修改密码；您可以在那里查看账户当前登录的所有设备，并让其他设备全部退出登录。账户所用的邮箱必须是您能够查收的邮箱：我们会向其发送验证码、审核结果和安全通知。新邮箱收到我们的验证码后，您可以在账户页面更改邮箱。

## 3. 工作空间申请
您提交的企业信息必须真实，并保持更新。审核人员可能会访问您提供的网站，并通过您提供的电话或邮箱与您联系。我们会尽量在两个工作日内对每份申请做出决定。对于信息不完整或无法核实的申请，我们可能会予以驳回；我们会告知原因，您可以新建申请，之前填写的内容和审核人员给出的原因都会一并显示。

## 4. 您开发的内容
您需对从工作空间开发和发布的小程序负责，并依法处理您终端客户的数据。您不得利用本平台传播恶意软件、误导用户，或收集您无权收集的数据。

## 5. 您的数据
在您的账户存续期间，我们会保存您的账户和申请信息，以及您接受本条款每个版本的记录（版本、时间、IP 地址和浏览器），作为同意的证明。我们绝不出售您的数据。您可以随时在账户页面下载您的数据副本（您的账户、同意记录、申请及其历史和我们的决定），也可以在那里删除账户：您的邮箱地址、企业信息、标志、会话和同意记录都将被删除，审核中的申请会先被撤回，我们只保留申请提交与审核的匿名记录。

## 6. 条款变更
本条款变更时，我们会在此发布注明日期的新版本，并通过邮件通知您。您下次登录时，我们会请您先接受新版本，然后才能继续申请或使用工作空间；在此之前，您仍可以下载数据或删除账户。您接受过的每个版本都会留有记录。

## 7. 联系我们
如对本条款或您的数据有任何疑问，请通过每个页面底部“联系客服”处的邮箱联系我们的客服团队。', 1795651200);
