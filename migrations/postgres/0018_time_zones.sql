-- The account's time zone (an IANA name its browser reported), in which its
-- mail shows dates; null until a browser told one (then UTC).
alter table users add column time_zone text;
