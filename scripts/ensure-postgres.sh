#!/usr/bin/env bash
# ensure-postgres.sh — make sure a PostgreSQL server is reachable and yield a
# working DATABASE_URL.
#
# Usage:
#   scripts/ensure-postgres.sh            # prints the URL (only) on stdout
#   scripts/ensure-postgres.sh --export   # prints `export DATABASE_URL=...` (for eval)
#   source scripts/ensure-postgres.sh     # exports DATABASE_URL into the caller
#
# Everything it does is logged on stderr. It is idempotent, never prompts, and
# is safe to source from a `set -euo pipefail` script (the work runs in a
# subshell, so the caller's shell options are left untouched).
#
# Strategy, first match wins:
#   a) $DATABASE_URL is set and the server answers            -> use it
#   b) 127.0.0.1:5432 answers                                 -> postgres://postgres@127.0.0.1:5432/test
#   c) a Debian cluster exists (/etc/postgresql/*/main)       -> start it (pg_ctlcluster)
#   d) otherwise                                              -> apt-get install postgresql, start it
# After c)/d) (and after b) when the login fails) it makes sure user postgres can
# connect over 127.0.0.1 without a password (trust lines at the top of
# pg_hba.conf + reload) and that the database exists.
#
# Tunables (environment):
#   ENSURE_PG_TIMEOUT   seconds to wait for the server to become ready (default 30)
#   ENSURE_PG_DB        database name to ensure (default test)
#   ENSURE_PG_INSTALL   set to 0 to forbid installing PostgreSQL with apt-get
#   ENSURE_PG_CLUSTER   Debian cluster name to use (default main)

_EP_CL=${ENSURE_PG_CLUSTER:-main}

_ep_log() { printf 'ensure-postgres: %s\n' "$*" >&2; }
_ep_die() { _ep_log "ERROR: $*"; exit 1; }
_ep_have() { command -v "$1" >/dev/null 2>&1; }

# Run a command as root (directly, or via non-interactive sudo).
_ep_as_root() {
	if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
		"$@"
	elif _ep_have sudo && sudo -n true 2>/dev/null; then
		sudo -n "$@"
	else
		_ep_die "need root (or passwordless sudo) to run: $*"
	fi
}

# Run a command as the postgres OS user.
_ep_as_postgres() {
	if [[ $(id -un) == postgres ]]; then
		"$@"
	elif [[ ${EUID:-$(id -u)} -eq 0 ]]; then
		if _ep_have runuser; then
			runuser -u postgres -- "$@"
		else
			su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
		fi
	elif _ep_have sudo && sudo -n true 2>/dev/null; then
		sudo -n -u postgres "$@"
	else
		_ep_die "need root (or passwordless sudo) to run as postgres: $*"
	fi
}

# Extract "host port" from a libpq connection string (URI or key=value form).
# Falls back to localhost / 5432 like libpq does.
_ep_host_port() {
	local url=$1 host='' port='' rest hostport
	if [[ $url =~ ^postgres(ql)?:// ]]; then
		rest=${url#*://}
		rest=${rest%%[/?#]*}          # authority part
		[[ $rest == *@* ]] && rest=${rest##*@}
		rest=${rest%%,*}               # first host of a multi-host URI
		if [[ $rest =~ ^\[([^]]*)\](:([0-9]+))?$ ]]; then
			host=${BASH_REMATCH[1]}
			port=${BASH_REMATCH[3]}
		else
			hostport=$rest
			host=${hostport%%:*}
			[[ $hostport == *:* ]] && port=${hostport#*:}
		fi
		# ?host=/path or ?port=N query parameters override the authority.
		if [[ $url =~ [?\&]host=([^\&#]*) ]]; then host=${BASH_REMATCH[1]//%2[Ff]//}; fi
		if [[ $url =~ [?\&]port=([0-9]+) ]]; then port=${BASH_REMATCH[1]}; fi
	else
		if [[ $url =~ (^|[[:space:]])host=([^[:space:]]+) ]]; then host=${BASH_REMATCH[2]}; fi
		if [[ $url =~ (^|[[:space:]])port=([0-9]+) ]]; then port=${BASH_REMATCH[2]}; fi
		host=${host//\'/}
	fi
	printf '%s %s\n' "${host:-localhost}" "${port:-5432}"
}

# Does the server behind this connection string answer? (pg_isready, or a TCP probe.)
_ep_answers() {
	local url=$1 host port
	if _ep_have pg_isready; then
		pg_isready -q -t 3 -d "$url" >/dev/null 2>&1
		return
	fi
	read -r host port < <(_ep_host_port "$url")
	if [[ $host == /* ]]; then
		[[ -S "$host/.s.PGSQL.$port" ]]
		return
	fi
	# shellcheck disable=SC2016
	timeout 3 bash -c ':> "/dev/tcp/$1/$2"' _ "$host" "$port" >/dev/null 2>&1
}

# Can we actually log in with this connection string? (Needs psql; if psql is
# missing we cannot tell, and assume yes.)
_ep_can_login() {
	_ep_have psql || return 0
	PGCONNECT_TIMEOUT=5 psql "$1" -w -X -Atq -c 'select 1' >/dev/null 2>&1
}

_ep_url() { # port db
	printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable' "$1" "$2"
}

# Wait until 127.0.0.1:<port> accepts connections.
_ep_wait_ready() {
	local port=$1 timeout=${ENSURE_PG_TIMEOUT:-30} i
	_ep_log "waiting up to ${timeout}s for PostgreSQL on 127.0.0.1:${port} ..."
	for ((i = 0; i < timeout; i++)); do
		if _ep_answers "$(_ep_url "$port" postgres)"; then
			_ep_log "PostgreSQL on 127.0.0.1:${port} is accepting connections"
			return 0
		fi
		sleep 1
	done
	return 1
}

# Newest Debian cluster named "main": prints "version" or nothing.
_ep_find_cluster() {
	local d v best=''
	for d in /etc/postgresql/*/"$_EP_CL"; do
		[[ -d $d ]] || continue
		v=${d#/etc/postgresql/}
		v=${v%/"$_EP_CL"}
		if [[ -z $best ]] || [[ $(printf '%s\n%s\n' "$best" "$v" | sort -V | tail -n1) == "$v" ]]; then
			best=$v
		fi
	done
	printf '%s' "$best"
}

# Port of a Debian cluster (from pg_lsclusters, else postgresql.conf, else 5432).
_ep_cluster_port() {
	local ver=$1 port=''
	if _ep_have pg_lsclusters; then
		port=$(pg_lsclusters -h 2>/dev/null | awk -v v="$ver" -v c="$_EP_CL" '$1 == v && $2 == c { print $3; exit }')
	fi
	if [[ -z $port && -r /etc/postgresql/$ver/$_EP_CL/postgresql.conf ]]; then
		port=$(sed -nE 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' "/etc/postgresql/$ver/$_EP_CL/postgresql.conf" | tail -n1)
	fi
	printf '%s' "${port:-5432}"
}

_ep_cluster_online() {
	_ep_have pg_lsclusters || return 1
	pg_lsclusters -h 2>/dev/null | awk -v v="$1" -v c="$_EP_CL" '$1 == v && $2 == c && $4 ~ /^online/ { found = 1 } END { exit !found }'
}

_ep_show_log_tail() {
	local log=/var/log/postgresql/postgresql-$1-$_EP_CL.log
	if [[ -r $log ]]; then
		_ep_log "last lines of $log:"
		tail -n 20 "$log" >&2 || true
	fi
}

_ep_start_cluster() {
	local ver=$1 conf=/etc/postgresql/$1/$_EP_CL/postgresql.conf listen
	# The socket directory lives on tmpfs on many systems / containers.
	if [[ ! -d /var/run/postgresql ]]; then
		_ep_log "creating /var/run/postgresql"
		_ep_as_root install -d -o postgres -g postgres -m 2775 /var/run/postgresql
	fi
	# Make sure the cluster listens on TCP localhost at all.
	if [[ -r $conf ]]; then
		listen=$(sed -nE "s/^[[:space:]]*listen_addresses[[:space:]]*=[[:space:]]*'([^']*)'.*/\1/p" "$conf" | tail -n1)
		if grep -qE "^[[:space:]]*listen_addresses[[:space:]]*=" "$conf" && [[ -z $listen ]]; then
			_ep_log "listen_addresses is empty in $conf; setting it to 'localhost'"
			_ep_as_root sed -i -E "s/^([[:space:]]*listen_addresses[[:space:]]*=).*/\1 'localhost'/" "$conf"
			if _ep_cluster_online "$ver"; then
				_ep_as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$_EP_CL" restart >&2 ||
					_ep_die "could not restart cluster $ver/$_EP_CL"
			fi
		fi
	fi
	if _ep_cluster_online "$ver"; then
		_ep_log "cluster $ver/$_EP_CL is already running"
		return 0
	fi
	_ep_log "starting cluster: pg_ctlcluster --skip-systemctl-redirect $ver $_EP_CL start"
	if ! _ep_as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$_EP_CL" start >&2; then
		# It may have raced with another starter; only fail if it is really down.
		if ! _ep_cluster_online "$ver"; then
			_ep_show_log_tail "$ver"
			_ep_die "could not start PostgreSQL cluster $ver/$_EP_CL"
		fi
	fi
}

_ep_reload_cluster() {
	_ep_log "reloading cluster $1/$_EP_CL"
	_ep_as_root pg_ctlcluster --skip-systemctl-redirect "$1" "$_EP_CL" reload >&2 ||
		_ep_die "could not reload PostgreSQL cluster $1/$_EP_CL"
}

# Let postgres log in over 127.0.0.1 / ::1 without a password.
_ep_ensure_trust() {
	local ver=$1 port=$2 hba tmp
	if _ep_can_login "$(_ep_url "$port" postgres)"; then
		return 0
	fi
	hba=''
	if _ep_have psql; then
		hba=$(_ep_as_postgres psql -p "$port" -w -X -Atq -d postgres -c 'show hba_file' 2>/dev/null || true)
	fi
	[[ -n $hba ]] || hba=/etc/postgresql/$ver/$_EP_CL/pg_hba.conf
	[[ -f $hba ]] || _ep_die "pg_hba.conf not found at $hba"
	_ep_log "user postgres cannot log in over 127.0.0.1 without a password; adding trust lines to $hba"
	tmp=$(mktemp)
	{
		grep -qE '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust([[:space:]]|$)' "$hba" ||
			printf 'host all all 127.0.0.1/32 trust\n'
		grep -qE '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+::1/128[[:space:]]+trust([[:space:]]|$)' "$hba" ||
			printf 'host all all ::1/128 trust\n'
	} >"$tmp"
	if [[ -s $tmp ]]; then
		printf '# added by ouderkring scripts/ensure-postgres.sh (local development)\n' | cat - "$tmp" "$hba" >"$tmp.new"
		# cat > keeps the owner/mode of the original file.
		# shellcheck disable=SC2016
		_ep_as_root sh -c 'cat "$1" > "$2"' _ "$tmp.new" "$hba"
		rm -f "$tmp.new"
	else
		# The lines exist but are shadowed by an earlier rule: move them to the top.
		_ep_log "trust lines exist in $hba but a preceding rule wins; moving them to the top"
		{
			printf '# added by ouderkring scripts/ensure-postgres.sh (local development)\n'
			printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n'
			grep -vE '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1/32|::1/128)[[:space:]]+trust([[:space:]]|$)|^# added by ouderkring scripts/ensure-postgres\.sh' "$hba" || true
		} >"$tmp.new"
		# shellcheck disable=SC2016
		_ep_as_root sh -c 'cat "$1" > "$2"' _ "$tmp.new" "$hba"
		rm -f "$tmp.new"
	fi
	rm -f "$tmp"
	_ep_reload_cluster "$ver"
	local i
	for ((i = 0; i < 10; i++)); do
		_ep_can_login "$(_ep_url "$port" postgres)" && return 0
		sleep 1
	done
	_ep_die "user postgres still cannot log in on 127.0.0.1:$port after editing $hba"
}

# Create the database if it does not exist.
_ep_ensure_db() {
	local port=$1 db=$2 exists
	_ep_have psql || { _ep_log "psql not found; cannot check that database '$db' exists"; return 0; }
	exists=$(PGCONNECT_TIMEOUT=5 psql "$(_ep_url "$port" postgres)" -w -X -Atq \
		-c "select 1 from pg_database where datname = '${db//\'/\'\'}'" 2>/dev/null || true)
	if [[ $exists == 1 ]]; then
		return 0
	fi
	_ep_log "creating database '$db'"
	if ! PGCONNECT_TIMEOUT=5 psql "$(_ep_url "$port" postgres)" -w -X -q \
		-c "create database \"${db//\"/\"\"}\"" >&2; then
		# Maybe the trust edit is not possible; try as the postgres OS user via the socket.
		_ep_as_postgres psql -p "$port" -w -X -q -d postgres -c "create database \"${db//\"/\"\"}\"" >&2 ||
			_ep_die "could not create database '$db'"
	fi
}

_ep_install() {
	if [[ ${ENSURE_PG_INSTALL:-1} == 0 ]]; then
		_ep_die "no PostgreSQL found and ENSURE_PG_INSTALL=0; install PostgreSQL or set DATABASE_URL"
	fi
	_ep_have apt-get || _ep_die "no PostgreSQL found and apt-get is unavailable; install PostgreSQL or set DATABASE_URL"
	_ep_log "no PostgreSQL cluster found; installing with apt-get (this may take a minute)"
	_ep_as_root apt-get update >&2 || _ep_die "apt-get update failed"
	_ep_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 ||
		_ep_die "apt-get install postgresql failed"
	if [[ -z $(_ep_find_cluster) ]]; then
		local ver=''
		ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n1)
		[[ -n $ver ]] || _ep_die "PostgreSQL installed, but no server version found under /usr/lib/postgresql"
		_ep_log "creating cluster: pg_createcluster $ver $_EP_CL"
		_ep_as_root pg_createcluster "$ver" "$_EP_CL" >&2 || _ep_die "pg_createcluster $ver $_EP_CL failed"
	fi
}

# Bring up a local Debian cluster and make it usable; prints the URL.
_ep_local_cluster() {
	local db=$1 ver port
	ver=$(_ep_find_cluster)
	if [[ -z $ver ]]; then
		_ep_install
		ver=$(_ep_find_cluster)
		[[ -n $ver ]] || _ep_die "PostgreSQL installed, but no cluster in /etc/postgresql/*/$_EP_CL"
	else
		_ep_log "found Debian cluster $ver/$_EP_CL"
	fi
	_ep_have pg_ctlcluster || _ep_die "pg_ctlcluster not found (postgresql-common missing?)"
	_ep_start_cluster "$ver"
	port=$(_ep_cluster_port "$ver")
	if ! _ep_wait_ready "$port"; then
		_ep_show_log_tail "$ver"
		_ep_die "PostgreSQL $ver/$_EP_CL did not become ready on 127.0.0.1:$port within ${ENSURE_PG_TIMEOUT:-30}s"
	fi
	_ep_ensure_trust "$ver" "$port"
	_ep_ensure_db "$port" "$db"
	_ep_url "$port" "$db"
}

# Main: prints the working URL on stdout, logs on stderr.
_ep_main() {
	set -euo pipefail
	local db=${ENSURE_PG_DB:-test} url ver
	export PATH="$PATH:/usr/sbin:/sbin"

	# a) an explicit DATABASE_URL that answers
	if [[ -n ${DATABASE_URL:-} ]]; then
		if _ep_answers "$DATABASE_URL"; then
			_ep_log "DATABASE_URL is set and the server answers; using it"
			_ep_can_login "$DATABASE_URL" ||
				_ep_log "WARNING: server answers but logging in with DATABASE_URL failed (check user/password/database)"
			printf '%s\n' "$DATABASE_URL"
			return 0
		fi
		_ep_log "DATABASE_URL is set but its server does not answer; falling back to a local server"
	fi

	# b) something already listening on 127.0.0.1:5432
	url=$(_ep_url 5432 "$db")
	if _ep_answers "$url"; then
		if _ep_can_login "$url"; then
			_ep_log "PostgreSQL answers on 127.0.0.1:5432; using it"
			printf '%s\n' "$url"
			return 0
		fi
		if _ep_can_login "$(_ep_url 5432 postgres)"; then
			_ep_log "PostgreSQL answers on 127.0.0.1:5432 but database '$db' is missing"
			_ep_ensure_db 5432 "$db"
			printf '%s\n' "$url"
			return 0
		fi
		ver=$(_ep_find_cluster)
		if [[ -n $ver && $(_ep_cluster_port "$ver") == 5432 ]]; then
			_ep_log "PostgreSQL answers on 127.0.0.1:5432 but user postgres cannot log in; fixing local cluster $ver/$_EP_CL"
			_ep_local_cluster "$db"
			return 0
		fi
		_ep_log "WARNING: PostgreSQL answers on 127.0.0.1:5432 but logging in as postgres failed and it is not a local Debian cluster; using it anyway"
		printf '%s\n' "$url"
		return 0
	fi

	# c) / d) a local Debian cluster, installing one if needed
	_ep_log "nothing answers on 127.0.0.1:5432"
	_ep_local_cluster "$db"
}

if (return 0 2>/dev/null); then
	# Sourced: run in a subshell (keeps the caller's options intact), export the result.
	if _ep_result=$(_ep_main </dev/null); then
		export DATABASE_URL="$_ep_result"
		unset _ep_result
		_ep_log "DATABASE_URL=$DATABASE_URL"
	else
		unset _ep_result
		_ep_log "failed to provide a working PostgreSQL"
		return 1
	fi
else
	set -euo pipefail
	_ep_result=$(_ep_main </dev/null) || exit 1
	_ep_log "DATABASE_URL=$_ep_result"
	if [[ ${1:-} == --export ]]; then
		printf 'export DATABASE_URL=%q\n' "$_ep_result"
	else
		printf '%s\n' "$_ep_result"
	fi
fi
