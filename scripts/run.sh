#!/usr/bin/env bash
# run.sh — build and run the bot locally.
#
#   scripts/run.sh [run|chat|migrate|config] [flags...]
#
# Without TELEGRAM_BOT_TOKEN, `run` starts an interactive terminal chat on
# stdin/stdout. Variables from ./.env are loaded (the environment wins), and a
# local PostgreSQL is made available (unless DATABASE_URL already answers).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
LOG_PREFIX='run'

ensure_go
load_dotenv .env

sub=run
case ${1:-} in
run | chat | migrate | config)
	sub=$1
	shift
	;;
esac

if [[ $sub != config ]]; then
	# shellcheck source=scripts/ensure-postgres.sh
	source scripts/ensure-postgres.sh
fi

# Build, then exec the binary (rather than `go run`) so that signals such as
# SIGTERM reach the bot directly and it can shut down gracefully; stdin stays
# attached for the terminal chat.
mkdir -p bin
log "building ./cmd/ouderkring"
go build -o bin/ouderkring ./cmd/ouderkring

# An empty catalogue gets the generated sample (every meetup marked
# "(voorbeeld)"), so a first try finds something; real meetups are never
# touched, and a catalogue with any meetup is left alone.
if [[ $sub == run || $sub == chat ]]; then
	bin/ouderkring seed --demo --if-empty </dev/null >&2
fi

if [[ $sub == run && -z ${TELEGRAM_BOT_TOKEN:-} && ${BOT_MODE:-auto} != polling ]]; then
	log "TELEGRAM_BOT_TOKEN is not set: starting the interactive terminal chat (Ctrl-D to quit)"
fi
exec bin/ouderkring "$sub" "$@"
