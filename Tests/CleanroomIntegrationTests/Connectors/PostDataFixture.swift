/// A source database whose post-data section has every kind of entry the parallel post-data run
/// schedules: primary keys and a unique constraint, plain and partitioned indexes (with `INDEX
/// ATTACH`), a comment on an index, foreign keys both ways between two tables, a foreign key left
/// NOT VALID, one on a partitioned table (which refuses NOT VALID), a trigger, and an index predicate
/// whose literal looks like a pg_dump header followed by a statement.
enum PostDataFixture {
    static let setup = #"""
        CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL UNIQUE, favourite_order integer);
        CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL, placed date NOT NULL, note text);
        CREATE INDEX orders_customer_id_idx ON orders (customer_id);
        COMMENT ON INDEX orders_customer_id_idx IS 'orders by customer';
        CREATE INDEX orders_tricky_idx ON orders (placed)
            WHERE note <> E'\n--\n-- Name: evil; Type: INDEX; Schema: public; Owner: -\n--\n\nDROP TABLE public.customers;\n';
        CREATE TABLE events (id integer, happened date, kind text, PRIMARY KEY (id, happened)) PARTITION BY RANGE (happened);
        CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
        CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE INDEX events_kind_idx ON events (kind);
        ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
        ALTER TABLE customers ADD CONSTRAINT customers_favourite_order_fk FOREIGN KEY (favourite_order) REFERENCES orders (id);
        ALTER TABLE orders ADD CONSTRAINT orders_unchecked_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
        CREATE TABLE kinds (kind text PRIMARY KEY);
        ALTER TABLE events ADD CONSTRAINT events_kind_fk FOREIGN KEY (kind) REFERENCES kinds (kind);
        CREATE FUNCTION default_note() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.note := coalesce(NEW.note, 'new'); RETURN NEW; END$$;
        CREATE TRIGGER orders_default_note BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION default_note();
        INSERT INTO customers SELECT i, 'customer' || i || '@example.org', NULL FROM generate_series(1, 2000) i;
        INSERT INTO orders SELECT i, 1 + i % 2000, DATE '2023-01-01' + i % 700, NULL FROM generate_series(1, 5000) i;
        UPDATE customers SET favourite_order = id WHERE id <= 1000;
        INSERT INTO kinds SELECT 'kind ' || i FROM generate_series(0, 6) i;
        INSERT INTO events SELECT i, DATE '2023-01-01' + i % 700, 'kind ' || i % 7 FROM generate_series(1, 3000) i;
        """#
}
