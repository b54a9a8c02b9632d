# Cleanroom in a container: the release tarball (scripts/package.sh) unpacked into a Debian slim
# runtime with the system libraries it links (libpq, SQLite, OpenSSL's libcrypto), pg_dump and psql
# of PostgreSQL 15, running as a user without privileges. See docs/install.md.
#
#   docker build -t cleanroom .
#   docker run --rm -v "$PWD:/work" cleanroom demo
#
# Not built by the test suite: the machine it runs on has no container engine.

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends libpq-dev libsqlite3-dev libssl-dev pkg-config binutils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/package.sh --out /dist \
    && mkdir /opt/cleanroom \
    && tar -xzf /dist/cleanroom-*.tar.gz -C /opt/cleanroom --strip-components=1

FROM ${RUNTIME_IMAGE}
# postgresql-client-15: the pg_dump and psql that match a PostgreSQL 15 server (Debian 12's own).
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends libpq5 libsqlite3-0 libssl3 libstdc++6 ca-certificates \
       postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 --user-group cleanroom
COPY --from=build /opt/cleanroom /opt/cleanroom
RUN ln -s /opt/cleanroom/bin/cleanroom /usr/local/bin/cleanroom \
    && mkdir -p /usr/local/share/man/man1 /work \
    && ln -s /opt/cleanroom/share/man/man1/cleanroom.1 /usr/local/share/man/man1/cleanroom.1 \
    && chown cleanroom:cleanroom /work
USER cleanroom
WORKDIR /work
ENV CLEANROOM_HOME=/work/.cleanroom
ENTRYPOINT ["cleanroom"]
CMD ["--help"]
