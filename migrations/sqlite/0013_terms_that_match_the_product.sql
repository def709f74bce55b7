-- Terms that promise exactly what the product does: the data download and
-- account deletion on the account page, notice of new terms by email and
-- acceptance at the next login; no workspace invitations or help link yet.
insert into terms_versions (version, title, body, published_at, created_at)
values ('2026-11-26', 'Terms of Service', '## 1. Who these terms are for
These terms apply to every company or individual that creates an account on the Mini Program Platform to apply for a workspace, build mini programs, or manage them. By ticking "I have read and agree to the Terms of Service" when you sign up, or when you accept a new version of these terms, you accept them on behalf of yourself and the business you represent.

## 2. Your account
You keep your password secret. One account belongs to one person: do not share your login. If you think someone else has used your account, change your password on your account page; you can see there every device your account is logged in on and log out all the others. The email address of your account must be one you can read: we send verification codes, review results and security notices there. You can change it on your account page once the new address has received our code.

## 3. Workspace applications
The business details you submit must be true and kept up to date. Reviewers may visit the website you give and contact you by the number or email address you provide. We decide on each application within two business days where we can. We may reject an application that is incomplete or that we cannot verify; we tell you why, and you can start a new application with your earlier answers and the reviewer''s reason in view.

## 4. What you build
You are responsible for the mini programs you build and publish from your workspace, and for handling your end customers'' data lawfully. You must not use the platform to distribute malware, to mislead users, or to collect data you have no right to collect.

## 5. Your data
We keep the details of your account and applications for as long as your account exists, and the record of each version of these terms you accepted (version, time, IP address and browser) as proof of consent. We never sell your data. On your account page you can download a copy of your data at any time (your account, your consents, and your applications with their history and our decisions), and you can delete your account there: your email address, business details, logos, sessions and consent records are erased, an application in review is withdrawn first, and we keep only an anonymous record that applications were made and decided.

## 6. Changes to these terms
When these terms change we publish a new version here with its date and tell you by email. The next time you log in we ask you to accept the new version before you continue with your application or workspace; until you do, you can still download your data or delete your account. Every version you accepted stays on record.

## 7. Contact
Questions about these terms, or about your data, go to our support team at the address under "Contact support" at the foot of every page.', 1795651200, 1795651200);
