# shellcheck shell=bash
# Shared helpers for the scripts in this directory. Source it; do not execute.

log() { printf '%s: %s\n' "${LOG_PREFIX:-ouderkring}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Make sure `go` is on PATH (Go lives in /usr/local/go on the dev machines,
# which is not on PATH in non-login shells).
ensure_go() {
	if ! command -v go >/dev/null 2>&1; then
		if [[ -x /usr/local/go/bin/go ]]; then
			export PATH="/usr/local/go/bin:$PATH"
		else
			die "go not found on PATH or in /usr/local/go/bin; install Go (see go.mod for the version)"
		fi
	fi
	# Tools installed with `go install` (if any).
	local gobin
	gobin=$(go env GOPATH 2>/dev/null)/bin
	case ":$PATH:" in *":$gobin:"*) ;; *) export PATH="$PATH:$gobin" ;; esac
}

# Load KEY=VALUE lines from a dotenv file without overriding variables that are
# already set in the environment. Comments, blank lines and empty values are
# skipped; an optional leading `export ` and surrounding quotes are removed.
load_dotenv() {
	local file=${1:-.env} line key val
	[[ -f $file ]] || return 0
	log "loading $file (variables already set in the environment win)"
	while IFS= read -r line || [[ -n $line ]]; do
		line=${line%$'\r'}
		line=${line#"${line%%[![:space:]]*}"}
		[[ -z $line || $line == \#* ]] && continue
		line=${line#export }
		[[ $line == *=* ]] || continue
		key=${line%%=*}
		val=${line#*=}
		key=${key%"${key##*[![:space:]]}"}
		[[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
		[[ -n ${!key+x} ]] && continue
		if [[ $val =~ ^\"(.*)\"[[:space:]]*$ || $val =~ ^\'(.*)\'[[:space:]]*$ ]]; then
			val=${BASH_REMATCH[1]}
		else
			val=${val%%[[:space:]]#*}  # strip trailing " # comment" on unquoted values
			val=${val%"${val##*[![:space:]]}"}
		fi
		[[ -n $val ]] || continue
		export "$key=$val"
	done <"$file"
}
