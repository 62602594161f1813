# Ouderkring — developer entry points. `make` (or `make help`) lists them.
#
# Quick start:  make run    (terminal chat without TELEGRAM_BOT_TOKEN, or the bot with it)
#               make test   (gofmt + go vet + go test -race; what CI runs)

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Go lives in /usr/local/go on the dev machines; append it so an existing `go`
# on PATH still wins.
export PATH := $(PATH):/usr/local/go/bin

GO     ?= go
BIN    ?= bin/ouderkring
PKG    ?= ./cmd/ouderkring
IMAGE  ?= ouderkring
# Extra arguments for the binary, e.g. `make run ARGS="-h"`.
ARGS   ?=

.PHONY: help run chat migrate config test build fmt vet docker up down clean

help: ## Show this help
	@echo "Usage: make <target> [ARGS=...]"
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z_-]+:.*## / { printf "  %-8s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

run: ## Run the bot (terminal chat if TELEGRAM_BOT_TOKEN is unset); starts PostgreSQL if needed
	bash scripts/run.sh run $(ARGS)

chat: ## Interactive terminal chat on stdin/stdout
	bash scripts/run.sh chat $(ARGS)

migrate: ## Apply database migrations
	bash scripts/run.sh migrate $(ARGS)

config: ## Print the effective configuration
	bash scripts/run.sh config $(ARGS)

test: ## gofmt check, go vet and go test -race (starts PostgreSQL if needed)
	bash scripts/test.sh

build: ## Build a static binary into bin/ouderkring
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o $(BIN) $(PKG)

fmt: ## Format all Go code
	$(GO) fmt ./...

vet: ## Run go vet
	$(GO) vet ./...

docker: ## Build the Docker image (tag: ouderkring)
	docker build -t $(IMAGE) .

up: ## docker compose up (needs .env; see .env.example)
	docker compose up -d --build

down: ## docker compose down
	docker compose down

clean: ## Remove build output
	rm -rf bin coverage.out coverage.html
