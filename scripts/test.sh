#!/usr/bin/env bash
# test.sh — the project's test command (used by `make test` and CI).
#
# Ensures Go and PostgreSQL (exporting DATABASE_URL), then runs:
#   1. gofmt check on all tracked/untracked-but-not-ignored .go files
#   2. go vet ./...
#   3. go test -race -count=1 ./...
#   4. the dialog fuzz test for a bounded time (FUZZTIME, default 30s; its
#      corpus is dialog/testdata/fuzz/FuzzDialog)
# All steps run even if an earlier one fails; the exit status is non-zero if
# any failed.
#
# Environment:
#   GOTEST_FLAGS  extra flags for go test (e.g. "-v -run TestFoo")
#   RACE          1 = force -race, 0 = disable it (default: on when cgo works)
#   FUZZTIME      how long step 4 fuzzes (default 30s; 0 skips it)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
LOG_PREFIX='test'

ensure_go
log "$(go version)"

# shellcheck source=scripts/ensure-postgres.sh
source scripts/ensure-postgres.sh
export DATABASE_URL

failed=()

# --- 1. gofmt -----------------------------------------------------------------
echo "==> gofmt -l"
go_files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t go_files < <(git ls-files --cached --others --exclude-standard -- '*.go')
else
	mapfile -t go_files < <(find . -name '*.go' -not -path './.git/*' -not -path './vendor/*' | sed 's|^\./||')
fi
existing=()
for f in "${go_files[@]}"; do
	case $f in vendor/* | testdata/* | */testdata/*) continue ;; esac
	[[ -f $f ]] && existing+=("$f")
done
if ((${#existing[@]} == 0)); then
	echo "no .go files found"
elif ! unformatted=$("$(go env GOROOT)/bin/gofmt" -l "${existing[@]}"); then
	echo "gofmt failed (syntax errors?)"
	failed+=("gofmt")
elif [[ -n $unformatted ]]; then
	echo "these files are not gofmt-formatted (run 'make fmt'):"
	while IFS= read -r f; do echo "  $f"; done <<<"$unformatted"
	failed+=("gofmt")
else
	echo "ok: ${#existing[@]} files formatted"
fi

# --- 2. go vet ----------------------------------------------------------------
echo "==> go vet ./..."
if ! go vet ./...; then
	failed+=("go vet")
fi

# --- 3. go test ---------------------------------------------------------------
race=(-race)
case ${RACE:-} in
0) race=() ;;
1) ;;
*)
	if [[ $(go env CGO_ENABLED) != 1 ]] || ! command -v "$(go env CC)" >/dev/null 2>&1; then
		log "WARNING: cgo/C compiler unavailable; running tests WITHOUT -race (set RACE=1 to force)"
		race=()
	fi
	;;
esac
read -r -a extra <<<"${GOTEST_FLAGS:-}"
echo "==> go test ${race[*]} -count=1 ${extra[*]:+${extra[*]} }./...  (DATABASE_URL=$DATABASE_URL)"
if ! go test "${race[@]}" -count=1 "${extra[@]}" ./...; then
	failed+=("go test")
fi

# --- 4. fuzz -----------------------------------------------------------------
fuzztime=${FUZZTIME:-30s}
if [[ $fuzztime != 0 ]]; then
	corpus=dialog/testdata/fuzz/FuzzDialog
	echo "==> go test -run '^\$' -fuzz '^FuzzDialog\$' -fuzztime $fuzztime -fuzzminimizetime 5s ./dialog/"
	before=$(ls -1 "$corpus" 2>/dev/null | sort || true)
	fuzzlog=$(mktemp)
	status=0
	# Minimising a new input may take 60 s by default, the whole run: 5 s.
	go test -run '^$' -fuzz '^FuzzDialog$' -fuzztime "$fuzztime" -fuzzminimizetime 5s ./dialog/ 2>&1 | tee "$fuzzlog" || status=$?
	after=$(ls -1 "$corpus" 2>/dev/null | sort || true)
	if ((status != 0)); then
		# Go 1.26's fuzz coordinator can report its own -fuzztime deadline as
		# a failure when a worker is mid-input as time runs out
		# (go.dev/issue/75804, fixed in Go 1.27). Its signature: the only
		# failure text is "context deadline exceeded" and no failing input
		# was written. Anything else — a new file in the corpus, any other
		# message — is a real failure.
		if [[ $before == "$after" ]] &&
			[[ $(grep -A1 -- '^--- FAIL: FuzzDialog' "$fuzzlog" | tail -n1) =~ ^[[:space:]]+context\ deadline\ exceeded$ ]] &&
			! grep -q -e 'failure while testing seed corpus' -e 'panic:' -e 'Failing input written' "$fuzzlog"; then
			log "fuzz: the Go toolchain stopped at the -fuzztime deadline with its own 'context deadline exceeded' (go.dev/issue/75804); no failing input was found — not counted as a failure"
		else
			if [[ $before != "$after" ]]; then
				echo "a failing input is in $corpus: commit it with the fix"
			fi
			failed+=("fuzz")
		fi
	fi
	rm -f "$fuzzlog"
fi

echo
if ((${#failed[@]})); then
	echo "FAILED: ${failed[*]}"
	exit 1
fi
echo "PASSED: gofmt, go vet, go test, fuzz"
