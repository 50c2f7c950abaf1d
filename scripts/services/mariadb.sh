# MariaDB from Debian's packages, run as our own throw-away `mariadbd` (sourced by services.sh).
# Never the distro service: the package is installed with service start-up blocked, and our instance reads no
# /etc/mysql config (--no-defaults), keeps socket and pid in $CF_DATA/mariadb and listens on 127.0.0.1 only.
# First start: mariadb-install-db initialises the data dir, then mariadbd runs an --init-file creating the
# DATABASE_URL user (with rights to create databases: tests and per-tenant databases make their own) and database.

MARIADB_DEFAULT_URL="mysql://chargeflow:chargeflow@127.0.0.1:3306/chargeflow"
# Debian puts mariadbd and mariadb-install-db in /usr/sbin, which a non-root PATH often lacks.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin" ;; esac

# mariadb_url_part user|password|host|port|database: one part of DATABASE_URL (mysql://user:pass@host:port/db).
mariadb_url_part() {
  local url="${DATABASE_URL:-$MARIADB_DEFAULT_URL}" rest auth hostport
  rest="${url#*://}"; auth=""; [[ "$rest" == *@* ]] && auth="${rest%%@*}"
  rest="${rest#*@}"; hostport="${rest%%/*}"
  case "$1" in
    user) echo "${auth%%:*}" ;;
    password) [[ "$auth" == *:* ]] && echo "${auth#*:}" || echo "" ;;
    host) echo "${hostport%%:*}" ;;
    port) [[ "$hostport" == *:* ]] && echo "${hostport##*:}" || echo 3306 ;;
    database) rest="${rest#"$hostport"}"; rest="${rest#/}"; echo "${rest%%\?*}" ;;
  esac
}

mariadb_install() {
  command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null && command -v mariadb >/dev/null && return 0
  log "mariadb: installing mariadb-server and mariadb-client from Debian (first time on this machine)"
  local t=$SECONDS sudo="" policy=/usr/sbin/policy-rc.d added_policy=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  # Keep the package's postinst from starting the distro service (it would take port 3306 and /run/mysqld).
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null; $sudo chmod 755 "$policy"; added_policy=1
  fi
  apt_install mariadb-server mariadb-client || { [[ -n "$added_policy" ]] && $sudo rm -f "$policy"; die "mariadb: apt install failed"; }
  [[ -n "$added_policy" ]] && $sudo rm -f "$policy"
  # If a service manager started it anyway, stop it and keep it from starting at boot.
  if [[ -d /run/systemd/system ]]; then
    $sudo systemctl disable --now mariadb >/dev/null 2>&1 || true
  else
    $sudo update-rc.d mariadb disable >/dev/null 2>&1 || true
    [[ -s /run/mysqld/mysqld.pid ]] && { $sudo service mariadb stop >/dev/null 2>&1 || true; }
  fi
  log "mariadb: installed $(mariadbd --version | sed 's/^.*Ver //') in $((SECONDS - t))s"
}

# SQL run at every start (idempotent): the application user, its database, rights to create more databases.
mariadb_init_sql() {
  local user pass db
  user="$(mariadb_url_part user)"; pass="$(mariadb_url_part password)"; db="$(mariadb_url_part database)"
  [[ -n "$user" && -n "$db" ]] || die "mariadb: DATABASE_URL must name a user and a database"
  local host
  for host in 127.0.0.1 localhost; do
    printf "CREATE USER IF NOT EXISTS '%s'@'%s' IDENTIFIED BY '%s';\n" "$user" "$host" "$pass"
    printf "GRANT ALL PRIVILEGES ON *.* TO '%s'@'%s' WITH GRANT OPTION;\n" "$user" "$host"
  done
  printf 'CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n' "$db"
}

mariadb_start() {
  local port dir="$CF_DATA/mariadb" user_opt=()
  port="$(mariadb_url_part port)"
  port_busy "$port" && die "mariadb: port $port is taken by something that does not answer as DATABASE_URL (a distro mariadb? try: service mariadb stop)"
  [[ $(id -u) -eq 0 ]] && user_opt=(--user=root)
  mkdir -p "$dir/db" "$dir/tmp"
  local sock="$dir/mysqld.sock" pid="$dir/mysqld.pid" init="$dir/init.sql"
  mariadb_init_sql >"$init"
  # The options both the bootstrap (install-db) and the server need; --no-defaults keeps /etc/mysql out.
  # A throw-away test database: small buffer pool, no fsync per commit, no doublewrite buffer.
  local opts=(
    --datadir="$dir/db" --tmpdir="$dir/tmp" "${user_opt[@]}"
    --innodb-buffer-pool-size=128M --innodb-log-file-size=48M --innodb-flush-log-at-trx-commit=2
    --innodb-doublewrite=OFF
  )
  cat >"$dir/run.sh" <<EOF
set -e
mariadb-install-db --no-defaults ${opts[*]@Q} --auth-root-authentication-method=socket --skip-test-db >/dev/null
exec mariadbd --no-defaults ${opts[*]@Q} \\
  --bind-address=127.0.0.1 --port=$port --socket=${sock@Q} --pid-file=${pid@Q} \\
  --skip-name-resolve --init-file=${init@Q} \\
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --default-time-zone=+00:00 \\
  --max-connections=500
EOF
  spawn mariadb bash "$dir/run.sh"
}

mariadb_endpoint() {
  echo "${DATABASE_URL:-$MARIADB_DEFAULT_URL}" | sed 's#//\([^:/@]*\):[^@]*@#//\1:***@#'
}
