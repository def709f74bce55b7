-- The account's language ("en" or "zh-CN"), chosen by the user or taken
-- from the page they signed up on; its pages and mail are in it. Null reads
-- as English.
alter table users add column language text;
