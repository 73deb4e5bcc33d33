#!/usr/bin/env bash
# Database servers for the per-worker database tests, from Debian's packages: PostgreSQL and MariaDB, each with a
# user `fanout` (password `fanout`) that may create databases, listening on loopback and on the test hosts'
# bridge address (10.231.47.1, made by Deploy/testhosts.sh) so that namespace hosts reach them too.
#
#   Deploy/databases.sh up      install (apt) where missing, start, and create the user
#   Deploy/databases.sh down    stop both servers
#   Deploy/databases.sh status  whether each answers as `fanout`
#
# Needs root. Touches only the two servers' own configuration (a conf.d file each) and their data.
set -euo pipefail
BRIDGE_ADDRESS=10.231.47.1

install() {
  local missing=()
  for package in postgresql mariadb-server; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  fi
  python3 -c 'import psycopg, pymysql, pytest_django' 2>/dev/null ||
    python3 -m pip install --quiet "psycopg[binary]" pymysql pytest-django
}

listen_addresses() {
  # The bridge address only when the test hosts' bridge exists: a server cannot listen on a missing address.
  if ip -4 addr show fobr0 2>/dev/null | grep -q "$BRIDGE_ADDRESS"; then echo "127.0.0.1,$BRIDGE_ADDRESS"; else
    echo "127.0.0.1"; fi
}

postgresql_up() {
  local version config
  version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
  config=/etc/postgresql/$version/main
  printf "listen_addresses = '%s'\n" "$(listen_addresses)" > "$config/conf.d/fanout.conf"
  grep -q "fanout-tests" "$config/pg_hba.conf" || printf '%s\n' \
    "host all fanout 127.0.0.1/32 scram-sha-256 # fanout-tests" \
    "host all fanout 10.231.47.0/24 scram-sha-256 # fanout-tests" >> "$config/pg_hba.conf"
  pg_ctlcluster "$version" main restart
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='fanout'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"CREATE ROLE fanout LOGIN CREATEDB PASSWORD 'fanout'\""
}

mariadb_up() {
  printf '[mysqld]\nbind-address = %s\n' "$(listen_addresses)" > /etc/mysql/mariadb.conf.d/90-fanout.cnf
  service mariadb restart >/dev/null
  mysql -uroot -e "CREATE USER IF NOT EXISTS 'fanout'@'%' IDENTIFIED BY 'fanout';
    GRANT ALL PRIVILEGES ON *.* TO 'fanout'@'%'; FLUSH PRIVILEGES;"
}

status() {
  PGPASSWORD=fanout psql -h 127.0.0.1 -U fanout -d postgres -qtAc 'SELECT 1' >/dev/null && echo "postgresql: up" ||
    echo "postgresql: down"
  mysql -h 127.0.0.1 -ufanout -pfanout -e 'SELECT 1' >/dev/null 2>&1 && echo "mariadb: up" || echo "mariadb: down"
}

case "${1:-}" in
  up) install; postgresql_up; mariadb_up; status ;;
  down)
    pg_ctlcluster "$(pg_lsclusters -h | awk 'NR==1 {print $1}')" main stop 2>/dev/null || true
    service mariadb stop >/dev/null 2>&1 || true ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
