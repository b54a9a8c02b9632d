-- Shared by generate.sql and single.sql (`\ir values.sql`): deterministic values from md5 of a seed.

-- A 60-bit non-negative integer from md5(seed): portable, unlike hash functions whose output
-- depends on the server's version or byte order. Temporary, so it is not part of the schema.
CREATE FUNCTION pg_temp.h(seed text) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT ('x' || substr(md5(seed), 1, 15))::bit(60)::bigint $$;

-- Digits of a hashed number, zero-padded: d(h, 3) is three digits.
CREATE FUNCTION pg_temp.d(h bigint, width int) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lpad((h % (10 ^ width)::bigint)::text, width, '0') $$;

-- A first or last name of 40 common ones, chosen by h.
CREATE FUNCTION pg_temp.first_name(h bigint) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (ARRAY['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda',
                            'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica',
                            'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Nancy', 'Daniel', 'Lisa',
                            'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley',
                            'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle'])[1 + h % 40] $$;

CREATE FUNCTION pg_temp.last_name(h bigint) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (ARRAY['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis',
                            'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas',
                            'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
                            'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young',
                            'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores'])[1 + h % 40] $$;

-- `1234 Oak Street`: the house number from h1, the street's name and kind from h2.
CREATE FUNCTION pg_temp.street(h1 bigint, h2 bigint) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (1 + h1 / 100 % 9899)::text || ' ' ||
               (ARRAY['Oak', 'Maple', 'Cedar', 'Elm', 'Pine', 'Birch', 'Walnut', 'Chestnut', 'Willow', 'Spruce',
                        'Main', 'High', 'Church', 'Station', 'Mill', 'Park', 'Bridge', 'Victoria', 'Green', 'Manor'])[1 + h2 / 11 % 20] || ' ' ||
               (ARRAY['Street', 'Avenue', 'Road', 'Lane', 'Drive', 'Court', 'Way', 'Place'])[1 + h2 / 13 % 8] $$;

-- A profile's `contact` object: a second e-mail address built from the names, a phone, a flag.
CREATE FUNCTION pg_temp.contact(fn text, ln text, h bigint) RETURNS jsonb
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT jsonb_build_object(
            'email', lower(fn) || '_' || lower(ln) || '@' || (ARRAY['personal.example', 'home.example'])[1 + h % 2],
            'phone', format('+1 %s %s %s', 200 + h % 800, pg_temp.d(h / 1000, 3), pg_temp.d(h / 1000000, 4)),
            'verified', h % 5 <> 0) $$;
