-- One large table for the single-table benchmark (benchmarks/single.sh; issue "Throughput: one large
-- table at the speed of the raw pipe"): what most production databases are, one huge table that CI
-- and the nightly refresh wait for.
--
--   psql -v rows=1000000 -f benchmarks/single.sql DATABASE
--
-- `people`, 14 columns: id, first_name, last_name, a unique e-mail, phone, ssn, card, street, city,
-- birth_date, created_at, notes (an e-mail address in a quarter of the rows), a jsonb profile and a
-- score. Every value is derived from md5 of the row number (never random()), as in generate.sql, so
-- the same row count gives the same table everywhere. Loaded first and keyed afterwards: the primary
-- key and the unique e-mail are in `pg_dump --section=post-data`.
\set ON_ERROR_STOP on
\if :{?rows}
\else
  \set rows 1000000
\endif

SET client_min_messages = warning;
DROP TABLE IF EXISTS people;

\ir values.sql

CREATE TABLE people (
  id          bigint       NOT NULL,
  first_name  text         NOT NULL,
  last_name   text         NOT NULL,
  email       text         NOT NULL,
  phone       text,
  ssn         text,
  card        text,
  street      text,
  city        text,
  birth_date  date,
  created_at  timestamptz  NOT NULL,
  notes       text,
  profile     jsonb        NOT NULL,
  score       integer      NOT NULL
);

INSERT INTO people
SELECT i,
       fn,
       ln,
       lower(fn) || '.' || lower(ln) || i || '@' || (ARRAY['example.test', 'mail.example.test', 'post.example.test'])[1 + h2 % 3],
       CASE WHEN h2 % 20 = 7 THEN NULL
            ELSE format('+1 (%s) %s-%s', 200 + h1 % 800, pg_temp.d(h1 / 1000, 3), pg_temp.d(h1 / 1000000, 4)) END,
       format('%s-%s-%s', pg_temp.d(100 + h4 % 800, 3), pg_temp.d(10 + h4 / 1000 % 90, 2), pg_temp.d(1000 + h4 / 100000 % 9000, 4)),
       (ARRAY['4', '5'])[1 + h3 % 2] || pg_temp.d(h3 / 2, 15),
       pg_temp.street(h1, h2),
       (ARRAY['Springfield', 'Riverside', 'Franklin', 'Greenville', 'Bristol', 'Clinton', 'Fairview', 'Salem',
              'Madison', 'Georgetown', 'Arlington', 'Ashland', 'Dover', 'Oxford', 'Milton', 'Newport'])[1 + h3 / 7 % 16],
       CASE WHEN h2 % 25 = 3 THEN NULL ELSE date '1940-01-01' + (h1 / 10000000 % 25000)::int END,
       timestamptz '2015-01-01 00:00:00+00' + (h1 / 100 % (9 * 365 * 86400)) * interval '1 second',
       CASE h4 / 3 % 4
         WHEN 0 THEN format(
           (ARRAY['Asked us to send invoices to %s from now on.',
                  'Second account under %s, merged on request.',
                  'Wrote from %s about a late delivery; replied the same day.'])[1 + h3 % 3],
           lower(ln) || '.' || lower(fn) || '@' || (ARRAY['personal.example', 'home.example'])[1 + h3 % 2])
         WHEN 1 THEN (ARRAY['Prefers evening deliveries.',
                            'Asked about the loyalty programme; sent the brochure.',
                            'Leave parcels with the neighbour at number 12.',
                            'Disputed a charge last year, resolved in their favour.'])[1 + h3 % 4]
         WHEN 2 THEN 'No special instructions.'
         ELSE NULL
       END,
       jsonb_build_object(
         'contact', pg_temp.contact(fn, ln, h3),
         'prefs', jsonb_build_object(
            'newsletter', h4 % 2 = 0,
            'language', (ARRAY['en', 'en', 'de', 'fr', 'es', 'nl'])[1 + h4 / 7 % 6]),
         'tier', (ARRAY['bronze', 'silver', 'gold'])[1 + h4 / 11 % 3]),
       (h2 / 17 % 1000)::int
FROM generate_series(1, :rows) AS i,
     LATERAL (SELECT pg_temp.h('s1:' || i) AS h1, pg_temp.h('s2:' || i) AS h2,
                     pg_temp.h('s3:' || i) AS h3, pg_temp.h('s4:' || i) AS h4) AS hashes,
     LATERAL (SELECT pg_temp.first_name(h1) AS fn,
                     pg_temp.last_name(h2) AS ln
             ) AS names;

ALTER TABLE people ADD PRIMARY KEY (id);
ALTER TABLE people ADD UNIQUE (email);
ANALYZE people;
