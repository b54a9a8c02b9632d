-- A deterministic, production-shaped dataset for the Cleanroom benchmarks (DESIGN §10).
--
--   psql -v scale=1 -f benchmarks/generate.sql DATABASE
--
-- Every value is derived from md5 of the row number (never random()), so the same scale gives the
-- same values on every machine and PostgreSQL version (and the same COPY text under the same TimeZone:
-- the benchmark cluster runs in UTC). At scale 1:
--   customers  1,000,000  names, e-mail, phone with punctuation, date of birth, username, free-text
--                         notes (about a third mention an e-mail and a phone), a jsonb profile with
--                         nested personal fields, status, created_at
--   orders     2,000,000  ≈2 per customer (FK), timestamps, status, total, a shipping street
--   payments   2,000,000  one per order (FK), 16-digit card number, amount, timestamp, method
-- Scale 0.1 gives one tenth of each. Tables are loaded first and keyed afterwards (faster), so a
-- `pg_dump --section=post-data` holds the primary keys, foreign keys and indexes.
\set ON_ERROR_STOP on
\if :{?scale}
\else
  \set scale 1
\endif

SELECT greatest(1, round(1000000 * (:'scale')::numeric))::bigint AS n_customers \gset
SELECT 2 * :n_customers AS n_orders \gset

SET client_min_messages = warning;
DROP TABLE IF EXISTS payments, orders, customers;

\ir values.sql

CREATE TABLE customers (
  customer_id   bigint      NOT NULL,
  first_name    text        NOT NULL,
  last_name     text        NOT NULL,
  email         text        NOT NULL,
  phone         text,
  date_of_birth date,
  username      text        NOT NULL,
  notes         text,
  profile       jsonb       NOT NULL,
  status        text        NOT NULL,
  created_at    timestamptz NOT NULL
);

CREATE TABLE orders (
  order_id    bigint        NOT NULL,
  customer_id bigint        NOT NULL,
  ordered_at  timestamptz   NOT NULL,
  status      text          NOT NULL,
  total       numeric(12,2) NOT NULL,
  ship_to     text
);

CREATE TABLE payments (
  payment_id  bigint        NOT NULL,
  order_id    bigint        NOT NULL,
  card_number text          NOT NULL,
  amount      numeric(12,2) NOT NULL,
  paid_at     timestamptz   NOT NULL,
  method      text          NOT NULL
);

INSERT INTO customers
SELECT i,
       fn,
       ln,
       lower(fn) || '.' || lower(ln) || i || '@' || (ARRAY['example.test', 'mail.example.test', 'post.example.test', 'inbox.example.test'])[1 + h2 % 4],
       CASE WHEN h2 % 20 = 7 THEN NULL
            ELSE format('+1 (%s) %s-%s', 200 + h1 % 800, pg_temp.d(h1 / 1000, 3), pg_temp.d(h1 / 1000000, 4)) END,
       CASE WHEN h2 % 25 = 3 THEN NULL ELSE date '1940-01-01' + (h1 / 10000000 % 25000)::int END,
       lower(left(fn, 1) || ln) || (i % 9973),
       CASE
         WHEN h2 % 3 = 0 THEN format(
           (ARRAY['Called on %s about a late delivery; confirm by e-mail to %s.',
                  'Asked to be reached at %s or %s after 6pm.',
                  'Changed contact details: new mobile %s, new e-mail %s. Verified by phone.'])[1 + h3 % 3],
           format('(%s) %s-%s', 200 + h3 % 800, pg_temp.d(h3 / 1000, 3), pg_temp.d(h3 / 1000000, 4)),
           lower(ln) || '.' || lower(fn) || '@' || (ARRAY['personal.example', 'home.example'])[1 + h3 % 2])
         WHEN h2 % 3 = 1 THEN (ARRAY['Prefers evening deliveries.',
                                     'Asked about the loyalty programme; sent the brochure.',
                                     'No special instructions.',
                                     'Leave parcels with the neighbour at number 12.',
                                     'Disputed a charge last year, resolved in their favour.'])[1 + h3 % 5]
         ELSE NULL
       END,
       jsonb_build_object(
         'contact', pg_temp.contact(fn, ln, h3),
         'ssn', format('%s-%s-%s', pg_temp.d(100 + h4 % 800, 3), pg_temp.d(h4 / 1000, 2), pg_temp.d(h4 / 100000, 4)),
         'prefs', jsonb_build_object(
            'newsletter', h4 % 2 = 0,
            'language', (ARRAY['en', 'en', 'de', 'fr', 'es', 'nl'])[1 + h4 / 7 % 6],
            'channels', CASE WHEN h4 % 3 = 0 THEN '["email","sms"]'::jsonb ELSE '["email"]'::jsonb END),
         'tier', (ARRAY['bronze', 'silver', 'gold'])[1 + h4 / 11 % 3]),
       (ARRAY['active', 'active', 'active', 'dormant', 'closed'])[1 + h2 / 7 % 5],
       timestamptz '2015-01-01 00:00:00+00' + (h1 / 100 % (9 * 365 * 86400)) * interval '1 second'
FROM generate_series(1, :n_customers) AS i,
     LATERAL (SELECT pg_temp.h('c1:' || i) AS h1, pg_temp.h('c2:' || i) AS h2,
                     pg_temp.h('c3:' || i) AS h3, pg_temp.h('c4:' || i) AS h4) AS hashes,
     LATERAL (SELECT pg_temp.first_name(h1) AS fn,
                     pg_temp.last_name(h2) AS ln
             ) AS names;

INSERT INTO orders
SELECT i,
       1 + h1 % :n_customers,
       timestamptz '2016-01-01 00:00:00+00' + (h2 % (8 * 365 * 86400)) * interval '1 second',
       (ARRAY['delivered', 'delivered', 'delivered', 'shipped', 'pending', 'cancelled', 'returned'])[1 + h2 / 7 % 7],
       ((h1 / 1000 % 50000) + 199) / 100.0,
       CASE WHEN h2 % 10 = 0 THEN NULL
            ELSE pg_temp.street(h1, h2) END
FROM generate_series(1, :n_orders) AS i,
     LATERAL (SELECT pg_temp.h('o1:' || i) AS h1, pg_temp.h('o2:' || i) AS h2) AS hashes;

-- One payment per order; the card is a 16-digit Visa- or Mastercard-shaped number.
INSERT INTO payments
SELECT o.order_id,
       o.order_id,
       (ARRAY['4', '5'])[1 + h1 % 2] || pg_temp.d(h1 / 2, 15),
       o.total,
       o.ordered_at + (h2 % 7200) * interval '1 second',
       (ARRAY['card', 'card', 'card', 'wallet', 'bank_transfer'])[1 + h2 / 7 % 5]
FROM orders AS o,
     LATERAL (SELECT pg_temp.h('p1:' || o.order_id) AS h1, pg_temp.h('p2:' || o.order_id) AS h2) AS hashes;

ALTER TABLE customers ADD PRIMARY KEY (customer_id);
ALTER TABLE orders ADD PRIMARY KEY (order_id);
ALTER TABLE payments ADD PRIMARY KEY (payment_id);
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (customer_id);
ALTER TABLE payments ADD FOREIGN KEY (order_id) REFERENCES orders (order_id);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX payments_order_id_idx ON payments (order_id);
ANALYZE customers, orders, payments;
