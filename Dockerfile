# syntax=docker/dockerfile:1
#
# Ouderkring — static Go binary on distroless.
#   docker build -t ouderkring .        (or: make docker)
#   docker compose up -d --build        (bot + PostgreSQL; see docker-compose.yml)

ARG GO_VERSION=1.26

# ---- build ---------------------------------------------------------------------
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# go.mod asks for a specific 1.26.x; let the go command fetch it if this image
# happens to be older (the official images default to GOTOOLCHAIN=local).
ENV CGO_ENABLED=0 \
    GOTOOLCHAIN=auto \
    GOFLAGS=-mod=readonly

# Dependencies first: this layer stays cached until go.mod/go.sum change.
COPY go.mod go.sum ./
RUN go mod download

# Then the source. Migrations, locales etc. are embedded in the binary.
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /out/ouderkring ./cmd/ouderkring

# ---- runtime -------------------------------------------------------------------
# distroless/static already contains CA certificates (/etc/ssl/certs) for
# HTTPS to api.telegram.org, tzdata, and a "nonroot" user (uid/gid 65532).
FROM gcr.io/distroless/static-debian12:nonroot

COPY --from=build /out/ouderkring /ouderkring

# "nonroot", given numerically so Kubernetes' runAsNonRoot can verify it.
USER 65532:65532

ENV HTTP_ADDR=:8080
# /healthz, /readyz, /metrics
EXPOSE 8080

# No HEALTHCHECK here: distroless has no shell, curl or wget to run one. Let the
# orchestrator probe http://<container>:8080/healthz (liveness) and /readyz
# (readiness), e.g. Kubernetes httpGet probes.
#
# Without TELEGRAM_BOT_TOKEN, `run` falls back to a terminal chat on stdin, which
# is of little use in a container: always pass the token (see .env.example).
ENTRYPOINT ["/ouderkring"]
CMD ["run"]
