-- The first published version of the Terms of Service; signup records which version was accepted.
insert into terms_versions (version, title, body, published_at, created_at)
values ('2026-11-01', 'Terms of Service', '## 1. Who these terms are for
These terms apply to every company or individual that creates an account on the Mini Program Platform to apply for a workspace, build mini programs, or manage them. By ticking "I have read and agree to the Terms of Service" when you sign up, you accept them on behalf of yourself and the business you represent.

## 2. Your account
You keep your password secret and tell us at once if you think someone else has used your account. One account belongs to one person; invite colleagues to your workspace instead of sharing a login. The email address you sign up with must be one you can read: we send verification codes, review results and security notices there.

## 3. Workspace applications
The business details you submit must be true and kept up to date. Reviewers may visit the website you give and contact you by the number or email address you provide. We decide on each application within two business days where we can; we may reject an application that is incomplete or that we cannot verify, and we tell you why so that you can apply again.

## 4. What you build
You are responsible for the mini programs you build and publish from your workspace, and for handling your end customers'' data lawfully. You must not use the platform to distribute malware, to mislead users, or to collect data you have no right to collect.

## 5. Your data
We keep the details of your account and applications for as long as your account exists, and the record of your acceptance of these terms (version, time, IP address and browser) as proof of consent. We never sell your data. You can ask us to export or delete it at any time.

## 6. Changes to these terms
When these terms change we publish a new version here with its date and tell you by email before it applies. The version you accepted stays on record.

## 7. Contact
Questions about these terms go to the platform''s support team through the Help link in your workspace.', 1793491200, 1793491200);
